{{%AUTOESCAPE context="HTML"}}
{{!-- /reports/<id>: one report as the public sees it: its state, where, what, the photos
      (the small size, each a link to the full one), the public updates with each change of
      state, and a form to follow it by mail (portal/reports/report_pages). --}}
<p class="report-back"><a href="{{back_href}}">{{msg_report_page_back}}</a></p>
{{#NOTICE}}
<div class="alert alert--ok" role="status"><p>{{text}}</p></div>
{{/NOTICE}}
<h1 lang="{{lang}}">{{title}}</h1>
<p><span class="report-state report-state--{{state}}">{{state_text}}</span>{{#DUPLICATE}} <a href="{{href}}">{{text}}</a>{{/DUPLICATE}}</p>
<dl class="report-facts">
  <dt>{{msg_report_form_category}}</dt><dd>{{category}}</dd>
  <dt>{{msg_report_form_eldership}}</dt><dd>{{eldership}}</dd>
{{#ADDRESS}}
  <dt>{{msg_report_form_address}}</dt><dd>{{text}}</dd>
{{/ADDRESS}}
  <dt>{{msg_report_page_reported}}</dt><dd><time datetime="{{datetime}}">{{date}}</time>, {{reporter}}</dd>
{{#FIXED}}
  <dt>{{msg_report_page_fixed}}</dt><dd><time datetime="{{datetime}}">{{date}}</time></dd>
{{/FIXED}}
  <dt>{{msg_report_form_coordinates}}</dt><dd>{{coordinates}}</dd>
{{#ANSWER}}
  <dt>{{question}}</dt><dd>{{answer}}</dd>
{{/ANSWER}}
</dl>
<div class="report-details" lang="{{lang}}">
{{#PARAGRAPH}}
<p>{{text}}</p>
{{/PARAGRAPH}}
</div>
{{#PHOTOS}}
<h2>{{msg_report_page_photos}}</h2>
<ul class="report-photos">
{{#PHOTO}}
  <li><a href="{{full_href}}"><img src="{{small_href}}" alt="{{alt}}" loading="lazy"></a></li>
{{/PHOTO}}
</ul>
{{/PHOTOS}}
<ol class="report-list" id="report-here" hidden>
  <li data-report-lat="{{lat}}" data-report-lon="{{lon}}" data-report-href="{{self_href}}" data-report-title="{{title}}" data-report-state="{{state}}"></li>
</ol>
{{>MAP}}
<h2>{{msg_report_page_updates}}</h2>
{{#UPDATES}}
<ol class="report-updates">
{{#UPDATE}}
  <li class="report-update">
    <p class="report-update__meta"><time datetime="{{datetime}}">{{date}}</time> · {{author}}{{#STATE}} · <span class="report-state report-state--{{state}}">{{state_text}}</span>{{/STATE}}</p>
{{#PARAGRAPH}}
    <p>{{text}}</p>
{{/PARAGRAPH}}
  </li>
{{/UPDATE}}
</ol>
{{/UPDATES}}
{{#NO_UPDATES}}
<p>{{msg_report_page_no_updates}}</p>
{{/NO_UPDATES}}
<h2>{{msg_report_page_follow}}</h2>
<p>{{msg_report_page_follow_intro}}</p>
{{>ERROR_SUMMARY}}
{{>FOLLOW_FORM}}

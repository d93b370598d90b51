{{%AUTOESCAPE context="HTML"}}
{{!-- The step between the place and the details of a new report: open reports of the same
      category close by. Following one (mail when it changes) is often all a resident needs;
      else the link goes on to the details form (portal/reports/report_pages). --}}
<p class="report-back"><a href="{{back_href}}">{{msg_report_new_change_place}}</a></p>
<h1>{{msg_report_nearby_title}}</h1>
<p>{{msg_report_nearby_intro}}</p>
<ol class="report-list">
{{#REPORT}}
  <li class="report-card">
    <h2 class="report-card__title"><a href="{{href}}" lang="{{lang}}">{{title}}</a></h2>
    <p class="report-card__meta"><span class="report-state report-state--{{state}}">{{state_text}}</span> · {{distance}} · <time datetime="{{datetime}}">{{date}}</time></p>
{{>FOLLOW_FORM}}
  </li>
{{/REPORT}}
</ol>
<p><a class="button button--secondary" href="{{new_href}}">{{msg_report_nearby_new}}</a></p>

{{%AUTOESCAPE context="HTML"}}
{{!-- /reports: the problems residents reported, newest first, filtered by a GET form that works
      without JavaScript (category, state, eldership, age, and the map's area when one was
      chosen); report_map.js draws them as dots on a map above the list
      (portal/reports/report_pages). --}}
<h1>{{msg_report_list_title}}</h1>
<p>{{msg_report_list_intro}}</p>
<p class="report-actions"><a class="button" href="{{new_href}}">{{msg_report_list_new}}</a> <a href="{{subscribe_href}}">{{msg_report_list_subscribe}}</a> <a href="{{stats_href}}">{{msg_report_list_stats}}</a></p>
<form class="filter report-filter" method="get" action="{{action}}" aria-label="{{msg_report_list_filter_label}}">
{{#FILTER}}
  <div class="filter__field">
    <label for="report-filter-{{name}}">{{label}}</label>
    <select id="report-filter-{{name}}" name="{{name}}">
{{#OPTION}}
      <option value="{{value}}"{{#SELECTED}} selected{{/SELECTED}}>{{text}}</option>
{{/OPTION}}
    </select>
  </div>
{{/FILTER}}
{{#AREA}}
  <input type="hidden" name="area" value="{{value}}">
{{/AREA}}
  <button type="submit" class="button">{{msg_report_list_submit}}</button>
</form>
{{#AREA}}
<p>{{msg_report_list_in_area}} <a href="{{clear_href}}">{{msg_report_list_clear_area}}</a></p>
{{/AREA}}
{{>MAP}}
<p class="result-count" role="status">{{count}}</p>
{{#REPORTS}}
<ol class="report-list" id="report-list">
{{#REPORT}}
  <li class="report-card" data-report-lat="{{lat}}" data-report-lon="{{lon}}" data-report-href="{{href}}" data-report-title="{{title}}" data-report-state="{{state}}">
    <h2 class="report-card__title"><a href="{{href}}" lang="{{lang}}">{{title}}</a></h2>
    <p class="report-card__meta"><span class="report-state report-state--{{state}}">{{state_text}}</span> · {{category}} · {{eldership}}</p>
    <p class="report-card__meta"><time datetime="{{datetime}}">{{date}}</time>{{#PHOTOS}} · {{text}}{{/PHOTOS}}</p>
  </li>
{{/REPORT}}
</ol>
{{/REPORTS}}
{{#NOTHING}}
<p>{{msg_report_list_nothing}}</p>
{{/NOTHING}}
{{#PAGING}}
<nav class="paging" aria-label="{{msg_report_list_paging_label}}">
  <ul>
{{#PREVIOUS}}
    <li><a href="{{href}}" rel="prev">{{msg_report_list_previous}}</a></li>
{{/PREVIOUS}}
{{#NEXT}}
    <li><a href="{{href}}" rel="next">{{msg_report_list_next}}</a></li>
{{/NEXT}}
  </ul>
</nav>
{{/PAGING}}

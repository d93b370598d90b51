{{%AUTOESCAPE context="HTML"}}
{{!-- /reports/stats: how many reports are open and fixed, and the median days from a report
      to its fix, per category and per eldership (portal/reports/report_pages). --}}
<p class="report-back"><a href="{{back_href}}">{{msg_report_page_back}}</a></p>
<h1>{{msg_report_stats_title}}</h1>
<p>{{msg_report_stats_intro}}</p>
{{#TABLE}}
<div class="table-scroll" role="region" aria-label="{{caption}}" tabindex="0">
<table class="data-table report-stats">
  <caption>{{caption}}</caption>
  <thead>
    <tr><th scope="col">{{first}}</th><th scope="col">{{msg_report_stats_open}}</th><th scope="col">{{msg_report_stats_fixed}}</th><th scope="col">{{msg_report_stats_median}}</th></tr>
  </thead>
  <tbody>
{{#ROW}}
    <tr><th scope="row">{{name}}</th><td>{{open}}</td><td>{{fixed}}</td><td>{{median}}</td></tr>
{{/ROW}}
  </tbody>
</table>
</div>
{{/TABLE}}

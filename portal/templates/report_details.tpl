{{%AUTOESCAPE context="HTML"}}
{{!-- /reports/new/details: the category and place chosen, then the report itself (title,
      details, the category's questions, photos, who reports it) as one multipart form that
      works without JavaScript (portal/reports/report_pages). --}}
<p class="report-back"><a href="{{back_href}}">{{msg_report_new_change_place}}</a></p>
<h1>{{msg_report_details_title}}</h1>
<dl class="report-facts">
  <dt>{{msg_report_form_category}}</dt><dd>{{category}}</dd>
  <dt>{{msg_report_form_place}}</dt><dd>{{place}}</dd>
</dl>
{{#SIGNED_IN}}
<p class="alert alert--ok">{{text}}</p>
{{/SIGNED_IN}}
{{>ERROR_SUMMARY}}
{{>REPORT_FORM}}

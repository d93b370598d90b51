{{%AUTOESCAPE context="HTML"}}
{{!-- A page of the reports with a heading, a sentence and forms (subscriptions, the fixed
      questionnaire): errors first, then each form (portal/reports/report_pages). --}}
<p class="report-back"><a href="{{back_href}}">{{back_text}}</a></p>
<h1>{{heading}}</h1>
{{#INTRO}}
<p>{{text}}</p>
{{/INTRO}}
{{>ERROR_SUMMARY}}
{{#SECTION}}
<section class="form-section">
{{#SECTION_HEADING}}
  <h2>{{text}}</h2>
{{/SECTION_HEADING}}
{{#SECTION_TEXT}}
  <p>{{text}}</p>
{{/SECTION_TEXT}}
{{>SECTION_FORM}}
</section>
{{/SECTION}}

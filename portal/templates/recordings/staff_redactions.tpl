{{%AUTOESCAPE context="HTML"}}
{{!-- A recording's redactions for editors: the ranges hidden from the public (active and
      restored, with why and who), an admin's restore buttons, and the form that hides a range
      (portal/recordings/redaction_staff_page). --}}
<h1>{{heading}}: {{meeting}}</h1>
{{>STAFF_NAV}}
<p class="lead">{{msg_redaction_staff_intro}}</p>
<p>{{msg_publishing_state}} <strong>{{state}}</strong> · <a href="{{back}}">{{msg_redaction_back}}</a></p>
{{#SAVED}}
<div class="alert alert--ok" role="status"><p>{{msg_editor_saved}}</p></div>
{{/SAVED}}
{{>ERROR_SUMMARY}}
<section class="editor-section" aria-labelledby="redactions-heading">
  <h2 id="redactions-heading">{{msg_redaction_all}}</h2>
{{#EMPTY}}
  <p>{{msg_redaction_none}}</p>
{{/EMPTY}}
  <div class="table-scroll" role="region" aria-labelledby="redactions-heading" tabindex="0">
  <table class="data-table">
    <thead>
      <tr><th scope="col">{{msg_redaction_field_from}}</th><th scope="col">{{msg_redaction_field_to}}</th><th scope="col">{{msg_redaction_field_reason}}</th><th scope="col">{{msg_redaction_col_by}}</th><th scope="col">{{msg_redaction_col_state}}</th></tr>
    </thead>
    <tbody>
{{#REDACTION}}
      <tr><td>{{from}}</td><td>{{to}}</td><td>{{reason}}</td><td>{{by}} {{when}}</td><td>{{state}}{{>RESTORE_FORM}}</td></tr>
{{/REDACTION}}
    </tbody>
  </table>
  </div>
</section>
<section class="editor-section" aria-labelledby="redaction-heading">
  <h2 id="redaction-heading" tabindex="-1">{{msg_redaction_add_heading}}</h2>
{{>REDACTION_FORM}}
</section>

{{%AUTOESCAPE context="HTML"}}
{{!-- Every meeting's recording for editors, newest first, the media disk's state, and the form
      that sets a recording's span (portal/recordings/recording_staff_page). --}}
<h1>{{heading}}</h1>
{{>STAFF_NAV}}
<p class="lead">{{msg_recording_staff_intro}}</p>
{{#SAVED}}
<div class="alert alert--ok" role="status"><p>{{msg_editor_saved}}</p></div>
{{/SAVED}}
{{>ERROR_SUMMARY}}
{{#DISK}}
{{#BELOW}}
<div class="alert alert--error" role="alert"><p>{{msg_recording_disk_below}}</p></div>
{{/BELOW}}
<p>{{text}}</p>
{{/DISK}}
<section class="editor-section" aria-labelledby="recordings-heading">
  <h2 id="recordings-heading">{{msg_recording_all}}</h2>
{{#EMPTY}}
  <p>{{msg_recording_none}}</p>
{{/EMPTY}}
  <div class="table-scroll" role="region" aria-labelledby="recordings-heading" tabindex="0">
  <table class="data-table">
    <thead>
      <tr><th scope="col">{{msg_recording_field_meeting}}</th><th scope="col">{{msg_recording_field_channel}}</th><th scope="col">{{msg_recording_field_from}}</th><th scope="col">{{msg_recording_field_to}}</th><th scope="col">{{msg_recording_col_state}}</th></tr>
    </thead>
    <tbody>
{{#RECORDING}}
      <tr><td><a href="{{annotate}}">{{title}}</a></td><td><a href="{{playlist}}">{{channel}}</a></td><td>{{start}}</td><td>{{end}}</td><td>{{state}} <span class="field__error">{{error}}</span>{{#REDACTIONS}} <a href="{{href}}">{{count}}</a>{{/REDACTIONS}}</td></tr>
{{/RECORDING}}
    </tbody>
  </table>
  </div>
</section>
{{#IMPORT}}
<section class="editor-section" aria-labelledby="import-heading">
  <h2 id="import-heading">{{msg_import_without_recording}}</h2>
  <ul>
{{#IMPORTABLE}}
    <li>{{title}}: <a href="{{import}}">{{msg_import_link}}</a></li>
{{/IMPORTABLE}}
  </ul>
</section>
{{/IMPORT}}
<section class="editor-section" aria-labelledby="span-heading">
  <h2 id="span-heading" tabindex="-1">{{msg_recording_span_heading}}</h2>
{{>SPAN_FORM}}
</section>

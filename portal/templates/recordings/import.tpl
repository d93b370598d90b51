{{%AUTOESCAPE context="HTML"}}
{{!-- An older recording uploaded for a meeting with none, its import's progress (the page
      reloads itself by the Refresh header meanwhile) and its end
      (portal/recordings/import_page). --}}
<h1>{{heading}}</h1>
{{>STAFF_NAV}}
<p class="lead">{{meeting}}</p>
{{#RUNNING}}
<section class="editor-section" aria-labelledby="import-progress">
  <h2 id="import-progress">{{msg_import_running}}</h2>
  <progress max="100" value="{{percent}}" aria-labelledby="import-progress">{{percent}}%</progress>
  <p role="status">{{text}} {{left}}</p>
  <p>{{msg_import_running_hint}}</p>
</section>
{{/RUNNING}}
{{#FAILED}}
<div class="alert alert--error" role="alert"><p>{{text}}</p></div>
{{/FAILED}}
{{#DONE}}
{{#IMPORTED}}
<div class="alert alert--ok" role="status"><p>{{msg_import_done}}</p></div>
{{/IMPORTED}}
{{#SKIPPED}}
<div class="alert alert--error" role="alert"><p>{{text}}</p></div>
{{/SKIPPED}}
<p>{{msg_import_has_recording}} <a href="{{annotation}}">{{msg_import_open_annotation}}</a></p>
{{/DONE}}
{{>ERROR_SUMMARY}}
{{#UPLOAD}}
<section class="editor-section" aria-labelledby="import-upload">
  <h2 id="import-upload" tabindex="-1">{{msg_import_upload_heading}}</h2>
  <p>{{msg_import_intro}}</p>
{{>IMPORT_FORM}}
  <p>{{limit}}</p>
  <p>{{msg_import_command_intro}}</p>
  <pre><code>{{command}}</code></pre>
</section>
{{/UPLOAD}}

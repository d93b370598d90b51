{{%AUTOESCAPE context="HTML"}}
{{!-- A meeting's captions for editors (portal/recordings/caption_staff_page): its tracks, the
      upload that replaces a language's track, and each cue of the language shown with a form
      to correct its times and text or remove it. Works without JavaScript. --}}
<h1>{{heading}}</h1>
{{>STAFF_NAV}}
<p><a href="{{annotation_page}}">{{msg_caption_staff_back}}</a></p>
<p class="lead">{{msg_caption_staff_intro}}</p>
{{#SAVED}}
<div class="alert alert--ok" role="status"><p>{{msg_caption_staff_saved}}</p></div>
{{/SAVED}}
{{#NO_RECORDING}}
<div class="alert alert--error" role="alert"><p>{{msg_caption_error_no_recording}}</p></div>
{{/NO_RECORDING}}
{{>ERROR_SUMMARY}}
<section class="editor-section" aria-labelledby="upload-heading">
  <h2 id="upload-heading" tabindex="-1">{{msg_caption_upload_heading}}</h2>
{{#NO_TRACKS}}
  <p>{{msg_caption_none}}</p>
{{/NO_TRACKS}}
  <ul>
{{#TRACK}}
    <li>{{text}}</li>
{{/TRACK}}
  </ul>
{{>UPLOAD_FORM}}
</section>
<section class="editor-section" aria-labelledby="cues-heading">
  <h2 id="cues-heading" tabindex="-1">{{cues_heading}}</h2>
  <p role="group" aria-label="{{msg_caption_field_language}}">
{{#LANGUAGE}}
    <a class="button button--small" href="{{href}}" aria-current="{{current}}">{{label}}</a>
{{/LANGUAGE}}
  </p>
{{#NO_CUES}}
  <p>{{msg_caption_none}}</p>
{{/NO_CUES}}
  <p>{{cues_shown}}</p>
  <ol class="caption-cues">
{{#CUE}}
    <li id="{{id}}-row" class="caption-cue">
{{>EDIT_FORM}}
{{>DELETE_FORM}}
    </li>
{{/CUE}}
  </ol>
{{#NEXT}}
  <p><a href="{{href}}">{{msg_caption_page_next}}</a></p>
{{/NEXT}}
</section>

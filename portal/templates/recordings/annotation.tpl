{{%AUTOESCAPE context="HTML"}}
{{!-- An editor annotates a recording (portal/recordings/annotation_page): the player, its
      timeline as a list (annotation.js draws it as a bar too), the chapters, speakers and notes
      with their forms, undo, publishing and the other annotation pages. Times are typed as
      1:02:03.5; with JavaScript a "mark here" button beside each time field fills in the
      player's time. Every form is a plain POST that comes back here. data-* URLs need :U=html. --}}
<h1>{{heading}}</h1>
{{>STAFF_NAV}}
<p class="lead">{{msg_annotation_intro}}</p>
<ul class="annotation__links">
  <li><a href="{{list_href}}">{{msg_annotation_back}}</a></li>
  <li><a href="{{public_href}}">{{msg_annotation_public_page}}</a></li>
  <li><a href="{{captions_href}}">{{msg_annotation_captions}}</a></li>
  <li><a href="{{redactions_href}}">{{msg_annotation_redactions}}</a></li>
  <li><a href="{{import_href}}">{{msg_annotation_import}}</a></li>
</ul>
{{#SAVED}}
<div class="alert alert--ok" role="status"><p>{{msg_editor_saved}}</p></div>
{{/SAVED}}
{{>ERROR_SUMMARY}}
<div class="annotation" data-mark-text="{{msg_annotation_mark_here}}">
<div class="recording" id="recording-{{meeting_id}}" data-duration="{{duration}}">
  <video class="recording__video player__video annotation__video" controls playsinline preload="none"
         aria-label="{{heading}}" data-recording-src="{{master_playlist:U=html}}" data-start="0"
         data-error-text="{{msg_player_error}}" data-retry-text="{{msg_player_retrying}}">
    <p>{{msg_player_unsupported}} <a href="{{master_playlist}}" type="application/vnd.apple.mpegurl">{{msg_player_open_stream}}</a></p>
  </video>
  <p class="player__status" role="status"></p>
</div>
<section class="editor-section" aria-labelledby="timeline-heading">
  <h2 id="timeline-heading">{{msg_annotation_timeline}}</h2>
  <p>{{msg_annotation_length}} {{duration_text}}</p>
  <div class="annotation__bar" aria-hidden="true" data-duration="{{duration}}"></div>
  <ul class="annotation__ranges">
{{#RANGE}}
    <li class="annotation__range annotation__range--{{kind}}" data-kind="{{kind}}" data-from="{{from_s}}" data-to="{{to_s}}">{{kind_text}}: {{from}}{{#TO}}–{{to}}{{/TO}} <span{{#LABEL_LANG}} lang="{{lang}}"{{/LABEL_LANG}}>{{label}}</span></li>
{{/RANGE}}
  </ul>
</section>
<section class="editor-section" aria-labelledby="publish-heading">
  <h2 id="publish-heading">{{msg_annotation_publishing}}</h2>
  <p>{{published_text}}</p>
{{>PUBLISH_FORM}}
</section>
<section class="editor-section" aria-labelledby="undo-heading">
  <h2 id="undo-heading">{{msg_annotation_undo_heading}}</h2>
{{#UNDO}}
  <p>{{undo_text}}</p>
{{/UNDO}}
{{#NO_UNDO}}
  <p>{{msg_annotation_nothing_to_undo}}</p>
{{/NO_UNDO}}
{{>UNDO_FORM}}
</section>
<section class="editor-section" aria-labelledby="chapters-heading">
  <h2 id="chapters-heading">{{msg_annotation_chapters}}</h2>
{{#NO_CHAPTERS}}
  <p>{{msg_annotation_no_chapters}}</p>
{{/NO_CHAPTERS}}
  <ul class="annotation__list">
{{#CHAPTER}}
    <li>
      <p><strong>{{at}}</strong> {{title}} <span class="annotation__meta">({{kind_text}}{{#EDITED}}, {{msg_annotation_edited}}{{/EDITED}})</span></p>
      <details{{#OPEN}} open{{/OPEN}}>
        <summary>{{msg_annotation_edit}}</summary>
{{>EDIT_FORM}}
      </details>
{{>REMOVE_FORM}}
    </li>
{{/CHAPTER}}
  </ul>
  <h3>{{msg_annotation_chapter_add}}</h3>
{{>NEW_CHAPTER_FORM}}
</section>
<section class="editor-section" aria-labelledby="speakers-heading">
  <h2 id="speakers-heading">{{msg_annotation_speakers}}</h2>
{{#NO_SPEAKERS}}
  <p>{{msg_annotation_no_speakers}}</p>
{{/NO_SPEAKERS}}
  <ul class="annotation__list">
{{#SPEAKER}}
    <li>
      <p><strong>{{from}}–{{to}}</strong> {{#MEMBER}}<a href="{{member_href}}">{{name}}</a>{{/MEMBER}}{{#GUEST}}{{name}} <span class="annotation__meta">({{msg_annotation_guest}})</span>{{/GUEST}}</p>
      <details{{#OPEN}} open{{/OPEN}}>
        <summary>{{msg_annotation_edit}}</summary>
{{>EDIT_FORM}}
      </details>
{{>REMOVE_FORM}}
    </li>
{{/SPEAKER}}
  </ul>
  <h3>{{msg_annotation_speaker_add}}</h3>
{{>NEW_SPEAKER_FORM}}
</section>
<section class="editor-section" aria-labelledby="notes-heading">
  <h2 id="notes-heading">{{msg_annotation_notes}}</h2>
{{#NO_NOTES}}
  <p>{{msg_annotation_no_notes}}</p>
{{/NO_NOTES}}
  <ul class="annotation__list">
{{#NOTE}}
    <li>
      <p><strong>{{from}}{{#TO}}–{{to}}{{/TO}}</strong> {{text}} <span class="annotation__meta">({{visibility}})</span></p>
      <details{{#OPEN}} open{{/OPEN}}>
        <summary>{{msg_annotation_edit}}</summary>
{{>EDIT_FORM}}
      </details>
{{>REMOVE_FORM}}
    </li>
{{/NOTE}}
  </ul>
  <h3>{{msg_annotation_note_add}}</h3>
{{>NEW_NOTE_FORM}}
</section>
</div>

{{%AUTOESCAPE context="HTML"}}
{{!-- A meeting's recording: the player with its chapters beside it. Without JavaScript the
      chapter links (?t=) reload the page at their moment and the video plays natively where the
      browser has HLS; recording_player.js plays it with hls.js elsewhere, follows the chapters,
      takes the keyboard shortcuts and shares the moment. data-* URLs need :U=html (see
      player.tpl). --}}
<div class="recording" id="recording-{{meeting_id}}" data-duration="{{duration}}"
     data-clip="{{clip:U=html}}">
<div class="recording__layout">
<div class="recording__stage player">
{{#LIVE_BADGE}}
  <p class="badge badge--live">{{msg_status_live}}</p>
{{/LIVE_BADGE}}
  <video class="recording__video player__video" controls playsinline preload="none"
         aria-label="{{label}}" src="{{native_src}}"
         data-recording-src="{{master_playlist:U=html}}"
         data-live-src="{{live_playlist:U=html}}"
         data-start="{{start}}"
         data-error-text="{{msg_player_error}}"
         data-retry-text="{{msg_player_retrying}}">
    <track kind="chapters" src="{{chapters_vtt}}" srclang="{{lang}}" label="{{msg_archive_chapters_track}}" default>
    <track kind="metadata" label="thumbnails" src="{{storyboard_vtt}}">
{{#CAPTIONS}}
    <track kind="captions" src="{{src}}" srclang="{{srclang}}" label="{{label}}"{{#DEFAULT}} default{{/DEFAULT}}>
{{/CAPTIONS}}
    <p>{{msg_player_unsupported}} <a href="{{master_playlist}}" type="application/vnd.apple.mpegurl">{{msg_player_open_stream}}</a></p>
  </video>
  <div class="recording__preview" hidden>
    <div class="recording__preview-image"></div>
    <p class="recording__preview-time"></p>
  </div>
  <p class="player__status" role="status"></p>
{{#MODES}}
  <p class="recording__modes" role="group" aria-label="{{msg_archive_modes}}">
    <a class="button button--small" href="?t=0" data-mode="start" aria-current="{{start_current}}">{{msg_archive_from_start}}</a>
    <a class="button button--small" href="{{live_href}}" data-mode="live" aria-current="{{live_current}}">{{msg_archive_live}}</a>
  </p>
{{/MODES}}
{{#SHARE}}
  <div class="recording__share" hidden data-text-copied="{{msg_archive_share_copied}}"
       data-text-manual="{{msg_archive_share_manual}}">
    <button type="button" class="button button--small recording__share-button">{{msg_archive_share}}</button>
    <p class="recording__share-status" role="status"></p>
    <p class="recording__share-fallback" hidden>
      <label for="share-url-{{meeting_id}}">{{msg_archive_share_field}}</label>
      <input id="share-url-{{meeting_id}}" class="recording__share-url" type="url" readonly>
    </p>
  </div>
{{/SHARE}}
{{#DOWNLOADS}}
  <p class="recording__downloads">{{msg_archive_downloads}}:
{{#CHAPTER_CLIP}}
    <a class="recording__clip" href="{{clip_href}}" download>{{msg_archive_download_chapter}}</a> ·
{{/CHAPTER_CLIP}}
    <a href="{{meeting_href}}" download>{{msg_archive_download_meeting}}</a></p>
{{/DOWNLOADS}}
{{#KEYS}}
  <details class="recording__keys">
    <summary>{{msg_archive_keys_heading}}</summary>
    <dl>
      <dt><kbd>{{msg_archive_key_space_name}}</kbd></dt>
      <dd>{{msg_archive_key_space}}</dd>
      <dt><kbd>←</kbd> ({{msg_archive_key_left_name}}), <kbd>J</kbd></dt>
      <dd>{{msg_archive_key_back}}</dd>
      <dt><kbd>→</kbd> ({{msg_archive_key_right_name}}), <kbd>L</kbd></dt>
      <dd>{{msg_archive_key_forward}}</dd>
    </dl>
    <p>{{msg_archive_keys_note}}</p>
  </details>
{{/KEYS}}
</div>
<nav class="chapters" aria-labelledby="chapters-heading-{{meeting_id}}">
{{#HEADING2}}
  <h2 class="chapters__heading" id="chapters-heading-{{meeting_id}}">{{msg_archive_chapters}}</h2>
{{/HEADING2}}
{{#HEADING3}}
  <h3 class="chapters__heading" id="chapters-heading-{{meeting_id}}">{{msg_archive_chapters}}</h3>
{{/HEADING3}}
{{#NO_CHAPTERS}}
  <p>{{msg_archive_no_chapters}}</p>
{{/NO_CHAPTERS}}
{{#CHAPTERS}}
  <ol class="chapters__list">
{{#CHAPTER}}
    <li class="chapter chapter--{{kind}}" data-start="{{start}}" data-end="{{end}}">
      <a class="chapter__link" href="{{href}}" aria-current="{{current}}">
{{#POSTER}}
        <img class="chapter__poster" src="{{poster}}" alt="{{poster_alt}}" width="160" height="90" loading="lazy">
{{/POSTER}}
        <span class="chapter__text">
          <span class="chapter__meta">{{kind_text}} · <time datetime="{{offset_iso}}">{{offset}}</time></span>
          <span class="chapter__title" lang="{{title_lang}}">{{title}}</span>
{{#RESULT}}
          <span class="chapter__result"><span class="outcome outcome--{{outcome_class}}">{{outcome}}</span> {{counts}}</span>
{{/RESULT}}
        </span>
      </a>
    </li>
{{/CHAPTER}}
  </ol>
{{/CHAPTERS}}
</nav>
</div>
</div>

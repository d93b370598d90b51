{{%AUTOESCAPE context="HTML"}}
{{!-- A live player: player.js turns video[data-hls-src] into one; the status texts come from
      data attributes so they are translated like the rest of the page. ctemplate escapes only
      attributes it knows as URLs (href, src) as URLs; data-hls-src needs :U=html to refuse
      javascript: and the like. --}}
<div class="player">
{{#ON_AIR}}
  <p class="badge badge--live">{{msg_status_live}}</p>
{{/ON_AIR}}
{{#OFF_AIR}}
  <p class="badge badge--offline">{{msg_status_offline}}</p>
{{/OFF_AIR}}
  <video class="player__video" controls muted playsinline
         aria-label="{{label}}"
         data-hls-src="{{master_playlist:U=html}}"
         data-error-text="{{msg_player_error}}"
         data-retry-text="{{msg_player_retrying}}">
    <p>{{msg_player_unsupported}}</p>
  </video>
  <p class="player__status" role="status"></p>
  <p class="player__link"><a href="{{master_playlist}}" type="application/vnd.apple.mpegurl">{{msg_player_open_stream}}</a></p>
</div>

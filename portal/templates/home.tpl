{{%AUTOESCAPE context="HTML"}}
{{!-- The home page body: one section per broadcast channel. player.js turns each
      video[data-hls-src] into a live player; the status texts come from data attributes so
      they are translated like the rest of the page. ctemplate escapes only attributes it knows
      as URLs (href, src) as URLs; data-hls-src needs :U=html to refuse javascript: and the like. --}}
<h1>{{municipality_name}}</h1>
<p class="lead">{{msg_home_intro}}</p>
{{#NO_CHANNELS}}
<p>{{msg_no_channels}}</p>
{{/NO_CHANNELS}}
{{#CHANNEL}}
<section class="channel" aria-labelledby="channel-{{id}}">
  <div class="channel__heading">
    <h2 id="channel-{{id}}">{{title}}</h2>
{{#LIVE}}
    <p class="badge badge--live">{{msg_status_live}}</p>
{{/LIVE}}
{{#OFFLINE}}
    <p class="badge badge--offline">{{msg_status_offline}}</p>
{{/OFFLINE}}
  </div>
  <div class="player">
    <video class="player__video" controls muted playsinline
           aria-labelledby="channel-{{id}}"
           data-hls-src="{{master_playlist:U=html}}"
           data-error-text="{{msg_player_error}}"
           data-retry-text="{{msg_player_retrying}}">
      <p>{{msg_player_unsupported}}</p>
    </video>
    <p class="player__status" role="status"></p>
    <p class="player__link"><a href="{{master_playlist}}" type="application/vnd.apple.mpegurl" aria-label="{{msg_player_open_stream}} – {{title}}">{{msg_player_open_stream}}</a></p>
  </div>
</section>
{{/CHANNEL}}

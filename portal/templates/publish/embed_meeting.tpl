{{%AUTOESCAPE context="HTML"}}
{{!-- A meeting for another site's page: the player while it is live, its recording with the
      chapters once there is one, else when it is and the agenda; the full page is a link away. --}}
<h1 class="embed__title"><a href="{{page_url}}" target="_blank" rel="noopener" lang="{{title_lang}}">{{title}}</a></h1>
<p class="embed__meta"><time datetime="{{datetime}}">{{date}}, {{time}}</time> · <span class="status status--{{status_class}}">{{status}}</span></p>
{{#LIVE}}
{{>PLAYER}}
{{/LIVE}}
{{#REPLAY}}
{{>RECORDING}}
{{/REPLAY}}
{{#AGENDA}}
<ol class="embed__agenda">
{{#ITEM}}
  <li lang="{{title_lang}}">{{title}}</li>
{{/ITEM}}
</ol>
{{/AGENDA}}
<p class="embed__more"><a href="{{page_url}}" target="_blank" rel="noopener">{{msg_embed_open_site}}</a></p>

{{%AUTOESCAPE context="HTML"}}
{{!-- The next meetings, for another site's page. --}}
<h1 class="embed__title">{{msg_home_upcoming}}</h1>
<ul class="embed__list">
{{#MEETING}}
  <li><a href="{{href}}" target="_blank" rel="noopener" lang="{{title_lang}}">{{title}}</a><br><time datetime="{{datetime}}">{{date}}, {{time}}</time>{{#LIVE}} · <span class="status status--live">{{status}}</span>{{/LIVE}}</li>
{{/MEETING}}
</ul>
{{#NO_UPCOMING}}
<p>{{msg_home_no_upcoming}}</p>
{{/NO_UPCOMING}}
<p class="embed__more"><a href="{{site_url}}" target="_blank" rel="noopener">{{msg_embed_open_site}}</a></p>

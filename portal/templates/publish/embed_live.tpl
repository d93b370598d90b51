{{%AUTOESCAPE context="HTML"}}
{{!-- What is live now, for another site's page; when nothing is, the next meeting. --}}
{{#LIVE}}
<h1 class="embed__title"><a href="{{page_url}}" target="_blank" rel="noopener" lang="{{title_lang}}">{{title}}</a></h1>
{{>PLAYER}}
{{/LIVE}}
{{#NOTHING_LIVE}}
<h1 class="embed__title">{{msg_embed_nothing_live}}</h1>
{{#NEXT}}
<p>{{msg_embed_next}} <a href="{{href}}" target="_blank" rel="noopener" lang="{{title_lang}}">{{title}}</a>, <time datetime="{{datetime}}">{{date}}, {{time}}</time>.</p>
{{/NEXT}}
{{/NOTHING_LIVE}}
<p class="embed__more"><a href="{{site_url}}" target="_blank" rel="noopener">{{msg_embed_open_site}}</a></p>

{{%AUTOESCAPE context="HTML"}}
{{!-- A petition for another site's page: its title, state and count with the progress to the
      next threshold, and links that open this site in a new tab to sign or read it. --}}
<h1 class="embed__title"><a href="{{page_url}}" target="_blank" rel="noopener" lang="{{title_lang}}">{{title}}</a></h1>
<p class="embed__meta"><span class="petition-state petition-state--{{state_class}}">{{state}}</span>{{#CLOSES}} · {{msg_petition_page_closes}} <time datetime="{{datetime}}">{{date}}</time>{{/CLOSES}}</p>
{{>COUNT}}
{{#SIGN}}
<p class="embed__more"><a class="button" href="{{href}}" target="_blank" rel="noopener">{{msg_petition_embed_sign}}</a></p>
{{/SIGN}}
<p class="embed__more"><a href="{{page_url}}" target="_blank" rel="noopener">{{msg_petition_embed_open_site}}</a></p>

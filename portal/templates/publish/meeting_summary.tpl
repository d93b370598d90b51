{{%AUTOESCAPE context="HTML"}}
{{!-- One meeting in a list: the date, the title as a link, the kind, the status and the
      recording's length when it has one. --}}
<article class="meeting-card meeting-card--{{status_class}}">
  <h3 class="meeting-card__title"><a href="{{href}}" lang="{{title_lang}}">{{title}}</a></h3>
  <p class="meeting-card__when"><time datetime="{{datetime}}">{{date}}, {{time}}</time></p>
  <p class="meeting-card__meta">{{kind}} · <span class="status status--{{status_class}}">{{status}}</span>{{#ITEMS}} · {{items}}{{/ITEMS}}{{#RECORDING}} · <span class="meeting-card__recording">{{#LENGTH}}<time datetime="{{length_iso}}">{{/LENGTH}}{{recording}}{{#LENGTH}}</time>{{/LENGTH}}</span>{{/RECORDING}}</p>
</article>

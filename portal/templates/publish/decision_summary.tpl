{{%AUTOESCAPE context="HTML"}}
{{!-- One decision in a list: number, outcome, the agenda item it settles, the date. --}}
<article class="decision-card">
  <h3 class="decision-card__title"><a href="{{href}}" lang="{{title_lang}}">{{title}}</a></h3>
  <p class="decision-card__meta">{{msg_decision_number}} {{number}} · <span class="outcome outcome--{{outcome_class}}">{{outcome}}</span> · <time datetime="{{datetime}}">{{date}}</time></p>
</article>

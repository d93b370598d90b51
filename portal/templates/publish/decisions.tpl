{{%AUTOESCAPE context="HTML"}}
{{!-- The council's decisions of a year, newest first, with the year as plain links. --}}
<h1>{{msg_decisions_title}}</h1>
<nav class="year-nav" aria-label="{{msg_filter_year}}">
  <ul>
{{#YEAR}}
    <li><a href="{{href}}" aria-current="{{current}}">{{year}}</a></li>
{{/YEAR}}
  </ul>
</nav>
<p class="result-count">{{year}}: {{count}}</p>
{{#DECISION}}
<article class="decision-card">
  <h2 class="decision-card__title"><a href="{{href}}" lang="{{title_lang}}">{{title}}</a></h2>
  <p class="decision-card__meta">{{msg_decision_number}} {{number}} · <span class="outcome outcome--{{outcome_class}}">{{outcome}}</span> · <time datetime="{{datetime}}">{{date}}</time> · <a href="{{meeting_href}}" lang="{{meeting_lang}}">{{meeting}}</a></p>
</article>
{{/DECISION}}
{{#NO_DECISIONS}}
<p>{{msg_decisions_none}}</p>
{{/NO_DECISIONS}}
<p class="more"><a href="{{feed_href}}">{{msg_feed_decisions}}</a></p>

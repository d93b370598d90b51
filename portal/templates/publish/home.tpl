{{%AUTOESCAPE context="HTML"}}
{{!-- The home page: what is live now, the next meetings and the latest decisions. --}}
<h1>{{municipality_name}}</h1>
<p class="lead">{{msg_home_intro}}</p>
<section aria-labelledby="live-heading" class="home-section">
  <h2 id="live-heading">{{msg_home_live}}</h2>
{{#LIVE_MEETING}}
  <div class="live-meeting">
    <p class="live-meeting__title"><a href="{{href}}" lang="{{title_lang}}">{{title}}</a></p>
{{>PLAYER}}
{{>VOTE_LIVE}}
  </div>
{{/LIVE_MEETING}}
{{#LIVE_CHANNEL}}
  <div class="live-meeting">
    <p class="live-meeting__title">{{title}}</p>
{{>PLAYER}}
  </div>
{{/LIVE_CHANNEL}}
{{#NOTHING_LIVE}}
  <p>{{msg_home_nothing_live}}</p>
{{/NOTHING_LIVE}}
</section>
<section aria-labelledby="upcoming-heading" class="home-section">
  <h2 id="upcoming-heading">{{msg_home_upcoming}}</h2>
{{#UPCOMING}}
{{>SUMMARY}}
{{/UPCOMING}}
{{#NO_UPCOMING}}
  <p>{{msg_home_no_upcoming}}</p>
{{/NO_UPCOMING}}
  <p class="more"><a href="{{meetings_href}}">{{msg_home_all_meetings}}</a> · <a href="{{calendar_href}}">{{msg_calendar_subscribe}}</a></p>
</section>
<section aria-labelledby="decisions-heading" class="home-section">
  <h2 id="decisions-heading">{{msg_home_decisions}}</h2>
{{#DECISION}}
{{>DECISION_SUMMARY}}
{{/DECISION}}
{{#NO_DECISIONS}}
  <p>{{msg_decisions_none}}</p>
{{/NO_DECISIONS}}
  <p class="more"><a href="{{decisions_href}}">{{msg_home_all_decisions}}</a></p>
</section>
{{>EMBED_CODE}}

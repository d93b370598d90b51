{{%AUTOESCAPE context="HTML"}}
{{!-- A meeting: when and where, the player while it is live (rewindable when it is being
      recorded), its recording with chapters afterwards, the agenda with its documents and
      decisions, and the code to embed it elsewhere. --}}
<article class="meeting" data-meeting-api="{{api:U=html}}" data-status="{{status_class}}"
         data-decisions="{{decision_count}}" data-text-planned="{{msg_meeting_status_planned}}"
         data-text-live="{{msg_meeting_status_live}}" data-text-ended="{{msg_meeting_status_ended}}"
         data-text-cancelled="{{msg_meeting_status_cancelled}}" data-text-started="{{msg_meeting_started_notice}}"
         data-text-changed="{{msg_meeting_changed_notice}}" data-text-decisions="{{msg_meeting_decisions_notice}}"
         data-text-reload="{{msg_meeting_reload}}">
<h1 lang="{{title_lang}}">{{title}}</h1>
<dl class="facts">
  <dt>{{msg_meeting_when}}</dt>
  <dd><time datetime="{{datetime}}">{{date}}, {{time}}</time></dd>
{{#PLACE}}
  <dt>{{msg_meeting_place}}</dt>
  <dd lang="{{place_lang}}">{{place}}</dd>
{{/PLACE}}
  <dt>{{msg_meeting_kind}}</dt>
  <dd>{{kind}}{{#COMMITTEE}}: <a href="{{href}}" lang="{{name_lang}}">{{name}}</a>{{/COMMITTEE}}</dd>
  <dt>{{msg_meeting_status}}</dt>
  <dd><span id="meeting-status" class="status status--{{status_class}}">{{status}}</span></dd>
</dl>
<p id="meeting-notice" class="live-notice" role="status"></p>
{{#CANCELLED}}
<p class="notice">{{msg_meeting_cancelled_notice}}</p>
{{/CANCELLED}}
{{#LIVE}}
<section aria-labelledby="broadcast-heading" class="meeting__broadcast">
  <h2 id="broadcast-heading">{{msg_meeting_broadcast}}</h2>
{{>PLAYER}}
{{>RECORDING}}
</section>
{{/LIVE}}
{{#ARCHIVE}}
<section aria-labelledby="recording-heading" class="meeting__recording">
  <h2 id="recording-heading">{{msg_archive_heading}}</h2>
{{>RECORDING}}
</section>
{{/ARCHIVE}}
{{#PREPARING}}
<p class="notice">{{msg_publishing_preparing}}</p>
{{/PREPARING}}
{{>VOTE_LIVE}}
<section aria-labelledby="agenda-heading">
  <h2 id="agenda-heading">{{msg_meeting_agenda}}</h2>
{{#NO_AGENDA}}
  <p>{{msg_meeting_no_agenda}}</p>
{{/NO_AGENDA}}
  <ol class="agenda">
{{#ITEM}}
    <li class="agenda__item" id="item-{{id}}">
      <h3 lang="{{title_lang}}"><span class="agenda__number">{{position}}.</span> {{title}}</h3>
{{#RAPPORTEUR}}
      <p class="agenda__rapporteur">{{msg_agenda_rapporteur}}: {{rapporteur}}</p>
{{/RAPPORTEUR}}
{{#DESCRIPTION}}
      <div class="prose" lang="{{text_lang}}">{{text_html:none}}</div>
{{/DESCRIPTION}}
{{#DOCUMENTS}}
      <h4>{{msg_documents}}</h4>
{{>DOCUMENT_LIST}}
{{/DOCUMENTS}}
{{#DECISION}}
      <p class="agenda__decision">{{msg_decision}}: <a href="{{href}}">{{msg_decision_number}} {{number}}</a> – <span class="outcome outcome--{{outcome_class}}">{{outcome}}</span></p>
{{/DECISION}}
    </li>
{{/ITEM}}
  </ol>
</section>
{{#VOTES}}
<section aria-labelledby="votes-heading">
  <h2 id="votes-heading">{{msg_meeting_votes_heading}}</h2>
{{>VOTE_LIST}}
{{#CHAIN}}
  <p class="vote-chain">{{msg_meeting_vote_chain}} <code class="vote-chain__hash">{{chain_head}}</code></p>
{{/CHAIN}}
</section>
{{/VOTES}}
{{>EMBED_CODE}}
</article>

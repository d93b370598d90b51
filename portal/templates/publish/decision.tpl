{{%AUTOESCAPE context="HTML"}}
{{!-- A decision: the agenda item it settles, its number, outcome, meeting and text. The vote
      behind it will be shown here once the council votes electronically. --}}
<article class="decision">
  <h1 lang="{{title_lang}}">{{title}}</h1>
  <dl class="facts">
    <dt>{{msg_decision_number}}</dt>
    <dd>{{number}}</dd>
    <dt>{{msg_decision_outcome}}</dt>
    <dd><span class="outcome outcome--{{outcome_class}}">{{outcome}}</span></dd>
    <dt>{{msg_decision_date}}</dt>
    <dd><time datetime="{{datetime}}">{{date}}</time></dd>
{{#MEETING}}
    <dt>{{msg_decision_meeting}}</dt>
    <dd><a href="{{href}}" lang="{{title_lang}}">{{title}}</a></dd>
{{/MEETING}}
{{#RAPPORTEUR}}
    <dt>{{msg_agenda_rapporteur}}</dt>
    <dd>{{rapporteur}}</dd>
{{/RAPPORTEUR}}
  </dl>
{{#TEXT}}
  <h2>{{msg_decision_text}}</h2>
  <div class="prose" lang="{{text_lang}}">{{text_html:none}}</div>
{{/TEXT}}
{{#DOCUMENTS}}
  <h2>{{msg_documents}}</h2>
{{>DOCUMENT_LIST}}
{{/DOCUMENTS}}
</article>

{{%AUTOESCAPE context="HTML"}}
{{!-- The chair's and secretary's console (portal/voting/sitting_console): the vote (open, or
      the form to open one on the current item), the agenda, the speaker, the meeting's votes and,
      for the secretary, presence and the show-of-hands entry. Every action is a POST form;
      vote_live.js keeps the open vote's counts current from the meeting's event stream. --}}
<h1>{{heading}}</h1>
{{>STAFF_NAV}}
{{#SAVED}}
<div class="alert alert--ok" role="status"><p>{{msg_editor_saved}}</p></div>
{{/SAVED}}
{{>ERROR_SUMMARY}}
{{#SITTING}}
<p class="lead">{{presence}} · <a href="{{member_page}}">{{msg_console_member_page}}</a></p>
<section class="editor-section" id="sitting-vote" aria-labelledby="vote-heading">
  <h2 id="vote-heading">{{msg_console_vote_heading}}</h2>
{{#OPEN_VOTE}}
  <p><strong>{{item_title}}</strong></p>
  <p>{{motion}}</p>
  <p>{{kind}}{{#CLOSES}} · {{msg_ballot_closes}} <time data-closes="{{closes_ms}}" data-text-left="{{msg_ballot_time_left}}">{{closes}}</time>{{/CLOSES}}</p>
  <section class="vote-live" data-vote-live data-events="{{events:U=html}}" data-votes="{{votes_api:U=html}}"
           data-text-for="{{msg_voting_choice_for}}" data-text-against="{{msg_voting_choice_against}}"
           data-text-abstain="{{msg_voting_choice_abstain}}" data-text-not-voting="{{msg_voting_choice_not_voting}}"
           data-text-present="{{msg_console_registered}}" data-text-required="{{msg_console_required}}"
           data-text-adopted="{{msg_voting_result_adopted}}" data-text-rejected="{{msg_voting_result_rejected}}"
           data-text-no-quorum="{{msg_voting_result_no_quorum}}" data-text-void="{{msg_voting_status_void}}"
           data-text-open="{{msg_voting_status_open}}" data-text-manual="{{msg_voting_manual}}"
           aria-labelledby="vote-live-heading">
    <h3 id="vote-live-heading">{{msg_console_live_counts}}</h3>
    <div class="vote-live__body">
      <dl class="vote-counts">
        <div><dt>{{msg_voting_choice_for}}</dt><dd>{{for}}</dd></div>
        <div><dt>{{msg_voting_choice_against}}</dt><dd>{{against}}</dd></div>
        <div><dt>{{msg_voting_choice_abstain}}</dt><dd>{{abstain}}</dd></div>
        <div><dt>{{msg_voting_choice_not_voting}}</dt><dd>{{not_voting}}</dd></div>
      </dl>
      <p>{{msg_console_registered}}: {{registered}} · {{msg_console_required}}: {{required}}</p>
    </div>
    <p class="vote-live__announce" role="status"></p>
  </section>
  <div class="button-row">
{{>CLOSE_FORM}}
  </div>
  <details{{#VOID_OPEN}} open{{/VOID_OPEN}}>
    <summary>{{msg_console_void_summary}}</summary>
{{>VOID_FORM}}
  </details>
{{/OPEN_VOTE}}
{{#NO_OPEN_VOTE}}
{{#CURRENT}}
  <p>{{msg_console_current_item}}: <strong>{{item_title}}</strong></p>
{{>OPEN_FORM}}
{{/CURRENT}}
{{#NO_CURRENT}}
  <p>{{msg_console_no_current}}</p>
{{/NO_CURRENT}}
{{/NO_OPEN_VOTE}}
</section>
<section class="editor-section" id="sitting-agenda" aria-labelledby="agenda-heading">
  <h2 id="agenda-heading">{{msg_console_agenda_heading}}</h2>
{{#NO_AGENDA}}
  <p>{{msg_agenda_empty}}</p>
{{/NO_AGENDA}}
  <ol class="agenda-list">
{{#ITEM}}
    <li id="item-{{item_id}}"{{#CURRENT_ITEM}} aria-current="step" class="sitting-agenda__current"{{/CURRENT_ITEM}}>
      {{number}}. {{title}}{{#CURRENT_ITEM}} <strong>({{msg_ballot_current_item}})</strong>{{/CURRENT_ITEM}}
{{>ITEM_FORM}}
    </li>
{{/ITEM}}
  </ol>
</section>
<section class="editor-section" id="sitting-speaker" aria-labelledby="speaker-heading">
  <h2 id="speaker-heading">{{msg_console_speaker_heading}}</h2>
{{#SPEAKER_SHOWN}}
  <p>{{msg_console_speaker_now}}: {{speaker}}</p>
{{>SPEAKER_CLEAR_FORM}}
{{/SPEAKER_SHOWN}}
{{>SPEAKER_FORM}}
</section>
<section class="editor-section" id="sitting-votes" aria-labelledby="votes-heading">
  <h2 id="votes-heading">{{msg_console_votes_heading}}</h2>
{{#NO_VOTES}}
  <p>{{msg_console_no_votes}}</p>
{{/NO_VOTES}}
  <ul class="editor-list">
{{#VOTE}}
    <li>
      <p><strong>{{item_title}}</strong> · {{opened}}{{#MANUAL}} · <span class="marker marker--manual">{{msg_voting_manual}}</span>{{/MANUAL}}{{#REVOTE}} · {{msg_console_revote_marker}}{{/REVOTE}}</p>
      <p>{{motion}}</p>
      <p>{{outcome}} · {{counts}}{{#ARITHMETIC}} · {{arithmetic}}{{/ARITHMETIC}}{{#ANNOUNCED}} · {{msg_console_announced}}{{/ANNOUNCED}}</p>
{{>ANNOUNCE_FORM}}
{{>REVOTE_FORM}}
    </li>
{{/VOTE}}
  </ul>
</section>
{{#SECRETARY}}
<section class="editor-section" id="sitting-presence" aria-labelledby="presence-heading">
  <h2 id="presence-heading">{{msg_console_presence_heading}}</h2>
  <ul class="editor-list presence-list">
{{#MEMBER}}
    <li id="presence-{{member_id}}">{{name}}: {{state}}
{{>PRESENCE_FORM}}
    </li>
{{/MEMBER}}
  </ul>
</section>
<section class="editor-section" id="sitting-manual" aria-labelledby="manual-heading">
  <h2 id="manual-heading">{{msg_console_manual_heading}}</h2>
  <p class="notice">{{msg_console_manual_intro}}</p>
  <details{{#MANUAL_OPEN}} open{{/MANUAL_OPEN}}>
    <summary>{{msg_console_manual_summary}}</summary>
{{>MANUAL_FORM}}
  </details>
</section>
{{/SECRETARY}}
{{/SITTING}}
{{#CHOOSE}}
<section class="editor-section" id="sitting-meetings" aria-labelledby="meetings-heading">
  <h2 id="meetings-heading">{{msg_console_other_meetings}}</h2>
{{#NONE_LIVE}}
  <p>{{msg_console_none_live}}</p>
{{/NONE_LIVE}}
  <ul class="editor-list">
{{#MEETING}}
    <li><a href="{{href}}">{{title}}</a> · {{when}}</li>
{{/MEETING}}
  </ul>
</section>
{{/CHOOSE}}

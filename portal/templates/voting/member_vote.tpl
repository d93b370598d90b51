{{%AUTOESCAPE context="HTML"}}
{{!-- A council member's page for a sitting (portal/voting/member_vote_page): presence, the open
      vote with three large buttons, recusals on the agenda. Plain forms that work without
      JavaScript; member_vote.js sends the ballot with fetch and follows the event stream, its
      texts from the data attributes. #ballot-ack is the live region that says a vote counted. --}}
<h1>{{msg_ballot_page_title}}</h1>
{{#MEMBER}}
<p class="lead">{{member_name}}</p>
{{/MEMBER}}
{{#ERROR}}
<div class="alert alert--error" role="alert" id="ballot-error"><p>{{text}}</p></div>
{{/ERROR}}
{{#NO_MEETING}}
<p>{{msg_ballot_no_meeting}}</p>
{{/NO_MEETING}}
{{#SITTING}}
<div class="sitting" id="sitting" data-meeting-id="{{meeting_id}}" data-page="{{page:U=html}}" data-events="{{events:U=html}}"
     data-vote-id="{{vote_id}}" data-text-sending="{{msg_ballot_sending}}"
     data-text-retrying="{{msg_ballot_retrying}}" data-text-failed="{{msg_ballot_failed}}"
     data-text-opened="{{msg_ballot_vote_opened}}" data-text-closed="{{msg_ballot_vote_closed}}">
<p class="sitting__meeting">{{meeting_title}}</p>
<p id="ballot-ack" class="ballot-ack" role="status">{{acknowledged}}</p>
<section id="ballot" class="sitting__section" aria-labelledby="ballot-heading">
  <h2 id="ballot-heading" tabindex="-1">{{msg_ballot_vote_heading}}</h2>
  <div id="ballot-region">
{{#NO_VOTE}}
    <p>{{msg_ballot_no_vote}}</p>
{{/NO_VOTE}}
{{#VOTE}}
    <p class="ballot__item">{{item_title}}</p>
{{#MOTION}}
    <p class="ballot__motion">{{motion}}</p>
{{/MOTION}}
{{#SECRET}}
    <p class="ballot__note">{{msg_ballot_secret}}</p>
{{/SECRET}}
{{#CLOSES}}
    <p class="ballot__note">{{msg_ballot_closes}} <time data-closes="{{closes_ms}}" data-text-left="{{msg_ballot_time_left}}">{{time}}</time></p>
{{/CLOSES}}
{{#RECUSED}}
    <p class="notice">{{msg_ballot_recused_notice}}</p>
{{/RECUSED}}
{{#REGISTER_FIRST}}
    <p class="notice">{{msg_ballot_register_first}}</p>
{{/REGISTER_FIRST}}
{{#CHOICES}}
    <form method="post" action="{{action_ballot}}" class="ballot-form">
      <input type="hidden" name="csrf" value="{{csrf}}">
      <input type="hidden" name="meeting_id" value="{{meeting_id}}">
      <input type="hidden" name="vote_id" value="{{vote_id}}">
      <input type="hidden" name="key" value="{{key}}">
      <fieldset class="ballot-choices">
        <legend>{{msg_ballot_choose}}</legend>
{{#CHOICE}}
        <button type="submit" name="choice" value="{{value}}" class="ballot-button ballot-button--{{value}}{{#CURRENT}} ballot-button--current{{/CURRENT}}">{{label}}</button>
{{/CHOICE}}
      </fieldset>
{{#HAS_CURRENT}}
      <p class="ballot__current">{{current}}</p>
{{/HAS_CURRENT}}
    </form>
{{/CHOICES}}
{{/VOTE}}
  </div>
</section>
<section id="presence" class="sitting__section" aria-labelledby="presence-heading">
  <h2 id="presence-heading">{{msg_ballot_presence_heading}}</h2>
{{#PRESENCE_SAVED}}
  <p class="alert alert--ok" role="status">{{msg_ballot_presence_saved}}</p>
{{/PRESENCE_SAVED}}
  <form method="post" action="{{action_presence}}">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <input type="hidden" name="meeting_id" value="{{meeting_id}}">
{{#REGISTERED}}
    <p>{{msg_ballot_registered}}</p>
    <input type="hidden" name="present" value="0">
    <button type="submit" class="button button--secondary">{{msg_ballot_unregister}}</button>
{{/REGISTERED}}
{{#NOT_REGISTERED}}
    <p>{{msg_ballot_not_registered}}</p>
    <input type="hidden" name="present" value="1">
    <button type="submit" class="ballot-button ballot-button--register">{{msg_ballot_register}}</button>
{{/NOT_REGISTERED}}
  </form>
</section>
<section id="agenda" class="sitting__section" aria-labelledby="agenda-heading">
  <h2 id="agenda-heading">{{msg_ballot_agenda_heading}}</h2>
{{#RECUSAL_SAVED}}
  <p class="alert alert--ok" role="status">{{msg_ballot_recusal_saved}}</p>
{{/RECUSAL_SAVED}}
  <p>{{msg_ballot_recusal_intro}}</p>
  <ol class="sitting-agenda">
{{#ITEM}}
    <li id="item-{{item_id}}"{{#CURRENT_ITEM}} class="sitting-agenda__current"{{/CURRENT_ITEM}}>
      <p>{{title}}{{#CURRENT_ITEM}} <strong>({{msg_ballot_current_item}})</strong>{{/CURRENT_ITEM}}</p>
{{#ITEM_RECUSED}}
      <p class="notice">{{msg_ballot_item_recused}}</p>
{{/ITEM_RECUSED}}
{{#CAN_RECUSE}}
      <details>
        <summary>{{msg_ballot_recuse_summary}}</summary>
        <form method="post" action="{{action_recusal}}">
          <input type="hidden" name="csrf" value="{{csrf}}">
          <input type="hidden" name="meeting_id" value="{{meeting_id}}">
          <input type="hidden" name="agenda_item_id" value="{{item_id}}">
          <label class="checkbox" for="recuse-{{item_id}}"><input type="checkbox" id="recuse-{{item_id}}" name="confirm" value="1" required> {{msg_ballot_recuse_confirm}}</label>
          <button type="submit" class="button">{{msg_ballot_recuse_button}}</button>
        </form>
      </details>
{{/CAN_RECUSE}}
    </li>
{{/ITEM}}
  </ol>
</section>
</div>
{{/SITTING}}

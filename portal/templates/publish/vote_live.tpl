{{%AUTOESCAPE context="HTML"}}
{{!-- The open vote of a live meeting, for residents: empty and hidden in the page as served;
      vote_live.js fills it from the meeting's event stream (counts as they come, then the
      result) and its live region says when a vote opens and how it ended. --}}
<section class="vote-live" hidden data-vote-live data-events="{{events:U=html}}" data-votes="{{votes_api:U=html}}"
         data-text-for="{{msg_vote_live_for}}" data-text-against="{{msg_vote_live_against}}"
         data-text-abstain="{{msg_vote_live_abstain}}" data-text-not-voting="{{msg_vote_live_not_voting}}"
         data-text-present="{{msg_vote_live_present}}" data-text-required="{{msg_vote_live_required}}"
         data-text-adopted="{{msg_vote_live_adopted}}" data-text-rejected="{{msg_vote_live_rejected}}"
         data-text-no-quorum="{{msg_vote_live_no_quorum}}" data-text-void="{{msg_vote_live_void}}"
         data-text-open="{{msg_vote_live_open}}" data-text-manual="{{msg_vote_live_manual}}"
         aria-labelledby="vote-live-heading-{{meeting_id}}">
  <h2 id="vote-live-heading-{{meeting_id}}">{{msg_vote_live_heading}}</h2>
  <div class="vote-live__body"></div>
  <p class="vote-live__announce" role="status"></p>
</section>

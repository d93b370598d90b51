{{%AUTOESCAPE context="HTML"}}
{{!-- Votes in a list (a meeting's, or how a member voted), each linked to the recording at the
      moment of the vote when that is known. Drawn by the server: it works without JavaScript. --}}
<ol class="vote-list">
{{#VOTE}}
  <li class="vote-list__vote" id="vote-{{vote_id}}">
    <p class="vote-list__title">{{#MEETING}}<a href="{{meeting_href}}">{{meeting_title}}</a>: {{/MEETING}}{{item_title}}</p>
{{#MOTION}}
    <p>{{motion}}</p>
{{/MOTION}}
{{#CHOICE}}
    <p class="vote-list__choice">{{msg_member_vote_choice}}: <strong>{{choice}}</strong></p>
{{/CHOICE}}
    <p><span class="outcome outcome--{{outcome_class}}">{{outcome}}</span> · {{counts}}{{#ARITHMETIC}} · {{arithmetic}}{{/ARITHMETIC}}</p>
{{#MANUAL}}
    <p class="marker marker--manual">{{manual}}</p>
{{/MANUAL}}
    <p class="vote-list__when">{{when}}{{#RECORDING}} · <a href="{{recording_href}}">{{msg_vote_recording_link}}</a>{{/RECORDING}}</p>
  </li>
{{/VOTE}}
</ol>

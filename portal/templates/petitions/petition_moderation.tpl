{{%AUTOESCAPE context="HTML"}}
{{!-- One petition for its moderators (portal/petitions/petition_moderation_page): its text and
      state, the actions its state allows (publish, reject, hide or show, stop, answer), the
      addresses that sent bursts of signatures, and cancelling signatures in bulk. --}}
<h1 lang="{{title_lang}}">{{title}}</h1>
{{>STAFF_NAV}}
<p><a href="{{back}}">{{msg_petition_moderation_back}}</a>{{#PUBLIC}} · <a href="{{href}}">{{msg_petition_moderation_public_link}}</a>{{/PUBLIC}}</p>
{{#SAVED}}
<div class="alert alert--ok" role="status"><p>{{text}}</p></div>
{{/SAVED}}
{{>ERROR_SUMMARY}}
<section class="editor-section" aria-labelledby="petition-details">
  <h2 id="petition-details">{{msg_petition_moderation_details}}</h2>
  <dl class="facts">
    <dt>{{msg_petition_moderation_col_state}}</dt><dd>{{state}}</dd>
    <dt>{{msg_petition_moderation_creator}}</dt><dd>{{creator}} &lt;{{email}}&gt;</dd>
    <dt>{{msg_petition_moderation_language}}</dt><dd>{{language}}</dd>
    <dt>{{msg_petition_moderation_col_signatures}}</dt><dd>{{count}} ({{totals}})</dd>
{{#HIDDEN_FLAG}}
    <dt>{{msg_petition_moderation_hidden_flag}}</dt><dd>{{reason}}</dd>
{{/HIDDEN_FLAG}}
  </dl>
{{#PARAGRAPH}}
  <p lang="{{title_lang}}">{{text}}</p>
{{/PARAGRAPH}}
</section>
{{#APPROVE}}
<section class="editor-section" aria-labelledby="petition-approve">
  <h2 id="petition-approve" tabindex="-1">{{msg_petition_moderation_approve_heading}}</h2>
{{>APPROVE_FORM}}
</section>
{{/APPROVE}}
{{#REJECT}}
<section class="editor-section" aria-labelledby="petition-reject">
  <h2 id="petition-reject" tabindex="-1">{{msg_petition_moderation_reject_heading}}</h2>
{{>REJECT_FORM}}
</section>
{{/REJECT}}
{{#RESPOND}}
<section class="editor-section" aria-labelledby="petition-respond">
  <h2 id="petition-respond" tabindex="-1">{{msg_petition_moderation_respond_heading}}</h2>
{{>RESPOND_FORM}}
</section>
{{/RESPOND}}
{{#STOP}}
<section class="editor-section" aria-labelledby="petition-stop">
  <h2 id="petition-stop" tabindex="-1">{{msg_petition_moderation_stop_heading}}</h2>
{{>STOP_FORM}}
</section>
{{/STOP}}
{{#HIDE}}
<section class="editor-section" aria-labelledby="petition-hide">
  <h2 id="petition-hide" tabindex="-1">{{msg_petition_moderation_hide_heading}}</h2>
{{>HIDE_FORM}}
</section>
{{/HIDE}}
{{#SIGNATURES}}
<section class="editor-section" aria-labelledby="petition-flagged">
  <h2 id="petition-flagged">{{msg_petition_moderation_flagged_heading}}</h2>
  <p>{{msg_petition_moderation_flagged_intro}}</p>
{{#FLAGGED_NONE}}
  <p>{{msg_petition_moderation_flagged_none}}</p>
{{/FLAGGED_NONE}}
{{#FLAGGED}}
  <div class="table-scroll" role="region" aria-labelledby="petition-flagged" tabindex="0">
  <table class="data-table">
    <thead>
      <tr><th scope="col">{{msg_petition_moderation_col_address}}</th><th scope="col">{{msg_petition_moderation_col_count}}</th><th scope="col">{{msg_petition_moderation_col_refused}}</th><th scope="col">{{msg_petition_moderation_col_when}}</th></tr>
    </thead>
    <tbody>
{{#ADDRESS}}
      <tr><td>{{address}}</td><td>{{count}}</td><td>{{refused}}</td><td>{{when}}</td></tr>
{{/ADDRESS}}
    </tbody>
  </table>
  </div>
{{/FLAGGED}}
</section>
<section class="editor-section" aria-labelledby="petition-invalidate">
  <h2 id="petition-invalidate" tabindex="-1">{{msg_petition_moderation_invalidate_heading}}</h2>
  <p>{{msg_petition_moderation_invalidate_intro}}</p>
{{>INVALIDATE_FORM}}
</section>
{{/SIGNATURES}}

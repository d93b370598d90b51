{{%AUTOESCAPE context="HTML"}}
{{!-- The moderators' queue (portal/petitions/petition_moderation_page): petitions waiting for
      review, oldest first, with how long each has waited and the overdue marked; then every
      petition with its state and count. --}}
<h1>{{msg_petition_moderation_queue_title}}</h1>
{{>STAFF_NAV}}
<p class="lead">{{intro}}</p>
<section class="editor-section" aria-labelledby="petition-queue-heading">
  <h2 id="petition-queue-heading">{{msg_petition_moderation_queue_heading}}</h2>
{{#QUEUE_EMPTY}}
  <p>{{msg_petition_moderation_queue_empty}}</p>
{{/QUEUE_EMPTY}}
{{#QUEUE}}
  <div class="table-scroll" role="region" aria-labelledby="petition-queue-heading" tabindex="0">
  <table class="data-table">
    <thead>
      <tr><th scope="col">{{msg_petition_moderation_col_title}}</th><th scope="col">{{msg_petition_moderation_col_creator}}</th><th scope="col">{{msg_petition_moderation_col_waiting}}</th></tr>
    </thead>
    <tbody>
{{#WAITING}}
      <tr{{#OVERDUE}} class="petition-overdue"{{/OVERDUE}}><td><a href="{{href}}" lang="{{title_lang}}">{{title}}</a></td><td>{{creator}}</td><td>{{age}}{{#OVERDUE}} <strong class="petition-overdue__mark">({{msg_petition_moderation_overdue}})</strong>{{/OVERDUE}}</td></tr>
{{/WAITING}}
    </tbody>
  </table>
  </div>
{{/QUEUE}}
</section>
<section class="editor-section" aria-labelledby="petition-all-heading">
  <h2 id="petition-all-heading">{{msg_petition_moderation_all_heading}}</h2>
  <div class="table-scroll" role="region" aria-labelledby="petition-all-heading" tabindex="0">
  <table class="data-table">
    <thead>
      <tr><th scope="col">{{msg_petition_moderation_col_title}}</th><th scope="col">{{msg_petition_moderation_col_state}}</th><th scope="col">{{msg_petition_moderation_col_signatures}}</th></tr>
    </thead>
    <tbody>
{{#PETITION}}
      <tr><td><a href="{{href}}" lang="{{title_lang}}">{{title}}</a></td><td>{{state}}</td><td>{{count}}</td></tr>
{{/PETITION}}
    </tbody>
  </table>
  </div>
</section>

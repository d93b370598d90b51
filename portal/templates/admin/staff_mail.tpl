{{%AUTOESCAPE context="HTML"}}
{{!-- Outgoing mail for administrators; one message shown in full as text, its links listed.
      The message's own HTML is never rendered here. --}}
<h1>{{msg_staff_mail_title}}</h1>
{{>STAFF_NAV}}
<p class="lead">{{msg_staff_mail_intro}}</p>
{{#FILES}}
<div class="alert alert--ok" role="note"><p>{{msg_staff_mail_files}}</p></div>
{{/FILES}}
{{#PRIVATE}}
<p>{{msg_staff_mail_private}}</p>
{{/PRIVATE}}
{{#SHOWN}}
<section class="mail-message" aria-labelledby="shown-subject">
  <h2 id="shown-subject">{{subject}}</h2>
  <p>{{msg_mail_recipient}}: {{recipient}}</p>
  <pre class="mail-message__text">{{text}}</pre>
  <h3>{{msg_staff_mail_links}}</h3>
  <ul>
{{#LINK}}
    <li><a href="{{href}}">{{href}}</a></li>
{{/LINK}}
  </ul>
</section>
{{/SHOWN}}
{{#EMPTY}}
<p>{{msg_staff_mail_empty}}</p>
{{/EMPTY}}
<div class="table-scroll" role="region" aria-label="{{msg_staff_mail_title}}" tabindex="0">
<table class="audit">
  <thead>
    <tr><th scope="col">{{msg_mail_time}}</th><th scope="col">{{msg_mail_recipient}}</th><th scope="col">{{msg_mail_subject}}</th><th scope="col">{{msg_mail_status}}</th><th scope="col">{{msg_mail_attempts}}</th><th scope="col">{{msg_mail_error}}</th></tr>
  </thead>
  <tbody>
{{#MESSAGE}}
    <tr><td>{{time}}</td><td>{{recipient}}</td><td>{{#OPEN}}<a href="{{href}}">{{subject}}</a>{{/OPEN}}{{#CLOSED}}{{subject}}{{/CLOSED}}</td><td>{{status}}</td><td>{{attempts}}</td><td>{{error}}</td></tr>
{{/MESSAGE}}
  </tbody>
</table>
</div>

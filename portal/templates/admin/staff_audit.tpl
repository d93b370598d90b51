{{%AUTOESCAPE context="HTML"}}
{{!-- The audit log, newest first; read-only for every staff member. --}}
<h1>{{msg_staff_audit_title}}</h1>
{{>STAFF_NAV}}
<p class="lead">{{msg_staff_audit_intro}}</p>
{{#INTACT}}
<div class="alert alert--ok" role="status"><p>{{msg_staff_audit_intact}}</p></div>
{{/INTACT}}
{{#BROKEN}}
<div class="alert alert--error" role="alert"><p>{{text}}</p></div>
{{/BROKEN}}
{{#EMPTY}}
<p>{{msg_staff_audit_empty}}</p>
{{/EMPTY}}
<div class="table-scroll" role="region" aria-label="{{msg_staff_audit_title}}" tabindex="0">
<table class="audit">
  <thead>
    <tr><th scope="col">{{msg_audit_time}}</th><th scope="col">{{msg_audit_actor}}</th><th scope="col">{{msg_audit_action}}</th><th scope="col">{{msg_audit_target}}</th><th scope="col">{{msg_audit_detail}}</th><th scope="col">{{msg_audit_peer}}</th></tr>
  </thead>
  <tbody>
{{#ENTRY}}
    <tr><td>{{time}}</td><td>{{actor}}</td><td>{{action}}</td><td>{{target}}</td><td>{{detail}}</td><td>{{peer}}</td></tr>
{{/ENTRY}}
  </tbody>
</table>
</div>
{{#OLDER}}
<p><a href="{{href}}">{{msg_staff_audit_older}}</a></p>
{{/OLDER}}

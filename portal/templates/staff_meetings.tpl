{{%AUTOESCAPE context="HTML"}}
{{!-- Every meeting for editors, newest first, and the form that adds one
      (portal/council_editor). --}}
<h1>{{msg_staff_meetings_title}}</h1>
{{>STAFF_NAV}}
<p class="lead">{{msg_staff_meetings_intro}}</p>
<p><a href="#meeting-new-heading">{{msg_meetings_add_link}}</a></p>
{{>ERROR_SUMMARY}}
<section class="editor-section" aria-labelledby="meetings-heading">
  <h2 id="meetings-heading">{{msg_meetings_all}}</h2>
{{#EMPTY}}
  <p>{{msg_meetings_empty}}</p>
{{/EMPTY}}
  <div class="table-scroll" role="region" aria-labelledby="meetings-heading" tabindex="0">
  <table class="data-table">
    <thead>
      <tr><th scope="col">{{msg_field_starts}}</th><th scope="col">{{msg_field_title_lt}}</th><th scope="col">{{msg_field_meeting_kind}}</th><th scope="col">{{msg_field_status}}</th></tr>
    </thead>
    <tbody>
{{#MEETING}}
      <tr><td>{{time}}</td><td><a href="{{href}}">{{title}}</a></td><td>{{kind}}</td><td>{{status}}</td></tr>
{{/MEETING}}
    </tbody>
  </table>
  </div>
</section>
<section class="editor-section" aria-labelledby="meeting-new-heading">
  <h2 id="meeting-new-heading" tabindex="-1">{{msg_meetings_new}}</h2>
{{>MEETING_FORM}}
</section>

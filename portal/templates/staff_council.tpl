{{%AUTOESCAPE context="HTML"}}
{{!-- The council's roster for editors: groups, members and committees, each change its own
      form (portal/council_editor). --}}
<h1>{{msg_staff_council_title}}</h1>
{{>STAFF_NAV}}
<p class="lead">{{msg_staff_council_intro}}</p>
{{#SAVED}}
<div class="alert alert--ok" role="status"><p>{{msg_editor_saved}}</p></div>
{{/SAVED}}
{{>ERROR_SUMMARY}}
<section class="editor-section" aria-labelledby="groups">
  <h2 id="groups">{{msg_council_groups}}</h2>
  <ul class="editor-list">
{{#GROUP}}
    <li>
      <details{{#OPEN}} open{{/OPEN}}>
        <summary>{{name}}{{#ABBREVIATION}} ({{text}}){{/ABBREVIATION}}</summary>
{{>GROUP_FORM}}
      </details>
    </li>
{{/GROUP}}
  </ul>
  <h3>{{msg_council_group_add}}</h3>
{{>GROUP_NEW_FORM}}
</section>
<section class="editor-section" aria-labelledby="members">
  <h2 id="members">{{msg_council_members}}</h2>
  <p>{{msg_council_members_intro}}</p>
  <div class="table-scroll" role="region" aria-labelledby="members" tabindex="0">
  <table class="data-table">
    <thead>
      <tr><th scope="col">{{msg_field_person_name}}</th><th scope="col">{{msg_field_group}}</th><th scope="col">{{msg_field_position}}</th><th scope="col">{{msg_council_term}}</th></tr>
    </thead>
    <tbody>
{{#MEMBER}}
      <tr><td><a href="{{href}}">{{name}}</a></td><td>{{group}}</td><td>{{position}}</td><td>{{term}}</td></tr>
{{/MEMBER}}
    </tbody>
  </table>
  </div>
  <h3 id="member-heading">{{member_heading}}</h3>
{{#MEMBER_ADD}}
  <p><a href="{{href}}">{{msg_council_member_add_instead}}</a></p>
{{/MEMBER_ADD}}
{{>MEMBER_FORM}}
</section>
<section class="editor-section" aria-labelledby="committees">
  <h2 id="committees">{{msg_council_committees}}</h2>
  <div class="table-scroll" role="region" aria-labelledby="committees" tabindex="0">
  <table class="data-table">
    <thead>
      <tr><th scope="col">{{msg_field_name_lt}}</th><th scope="col">{{msg_field_committee_chair}}</th><th scope="col">{{msg_council_committee_size}}</th></tr>
    </thead>
    <tbody>
{{#COMMITTEE}}
      <tr><td><a href="{{href}}">{{name}}</a></td><td>{{chair}}</td><td>{{members}}</td></tr>
{{/COMMITTEE}}
    </tbody>
  </table>
  </div>
  <h3>{{committee_heading}}</h3>
{{#COMMITTEE_ADD}}
  <p><a href="{{href}}">{{msg_council_committee_add_instead}}</a></p>
{{/COMMITTEE_ADD}}
{{>COMMITTEE_FORM}}
</section>

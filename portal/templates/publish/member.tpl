{{%AUTOESCAPE context="HTML"}}
{{!-- A council member: photo (or initials), position, group, term, committees, biography. --}}
<article class="member">
  <div class="member__header">
{{#PHOTO}}
    <img class="member__photo" src="{{photo}}" alt="" width="160" height="200">
{{/PHOTO}}
{{#NO_PHOTO}}
    <span class="member__initials" aria-hidden="true">{{initials}}</span>
{{/NO_PHOTO}}
    <div>
      <h1>{{name}}</h1>
      <p class="member__position">{{position}}</p>
    </div>
  </div>
  <dl class="facts">
{{#GROUP}}
    <dt>{{msg_member_group}}</dt>
    <dd><a href="{{href}}" lang="{{name_lang}}">{{name}}</a></dd>
{{/GROUP}}
    <dt>{{msg_member_term}}</dt>
    <dd>{{msg_member_term_from}} {{term_start}}{{#TERM_END}} {{msg_member_term_to}} {{term_end}}{{/TERM_END}}</dd>
  </dl>
{{#COMMITTEES}}
  <h2>{{msg_member_committees}}</h2>
  <ul>
{{#COMMITTEE}}
    <li><a href="{{href}}" lang="{{name_lang}}">{{name}}</a>{{#ROLE}} – {{role}}{{/ROLE}}</li>
{{/COMMITTEE}}
  </ul>
{{/COMMITTEES}}
{{#BIOGRAPHY}}
  <h2>{{msg_member_biography}}</h2>
  <div class="prose" lang="{{text_lang}}">{{text_html:none}}</div>
{{/BIOGRAPHY}}
  <section aria-labelledby="member-votes-heading">
    <h2 id="member-votes-heading">{{msg_member_votes_heading}}</h2>
{{#NO_VOTES}}
    <p>{{msg_member_votes_none}}</p>
{{/NO_VOTES}}
{{#VOTES}}
{{>VOTE_LIST}}
{{/VOTES}}
  </section>
  <section aria-labelledby="member-speeches-heading">
    <h2 id="member-speeches-heading">{{msg_annotation_member_speeches}}</h2>
{{#NO_SPEECHES}}
    <p>{{msg_annotation_member_speeches_none}}</p>
{{/NO_SPEECHES}}
{{#SPEECHES}}
    <ul class="speeches">
{{#SPEECH}}
      <li><a href="{{href}}"><span lang="{{meeting_lang}}">{{meeting}}</span>, {{date}}, {{from}}–{{to}}</a></li>
{{/SPEECH}}
    </ul>
{{/SPEECHES}}
  </section>
  <p class="more"><a href="{{council_href}}">{{msg_member_back}}</a></p>
</article>

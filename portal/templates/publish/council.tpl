{{%AUTOESCAPE context="HTML"}}
{{!-- The council: who leads it, its groups with their members, its committees and the
      municipality's elderships. --}}
<h1>{{msg_council_title}}</h1>
<p class="lead">{{msg_council_intro}} {{count}}.</p>
<ul class="leaders">
{{#LEADER}}
  <li><a href="{{href}}">{{name}}</a>{{#POSITION}} – {{position}}{{/POSITION}}</li>
{{/LEADER}}
</ul>
<section aria-labelledby="groups-heading">
  <h2 id="groups-heading">{{msg_council_groups}}</h2>
{{#GROUP}}
  <section class="group" id="group-{{id}}" aria-labelledby="group-{{id}}-heading">
    <h3 id="group-{{id}}-heading"><span lang="{{name_lang}}">{{name}}</span>{{#ABBREVIATION}} ({{abbreviation}}){{/ABBREVIATION}}</h3>
    <p class="group__count">{{count}}</p>
    <ul class="member-list">
{{#MEMBER}}
      <li><a href="{{href}}">{{name}}</a>{{#POSITION}} – {{position}}{{/POSITION}}</li>
{{/MEMBER}}
    </ul>
  </section>
{{/GROUP}}
</section>
<section aria-labelledby="committees-heading">
  <h2 id="committees-heading">{{msg_council_committees}}</h2>
{{#COMMITTEE}}
  <section class="committee" id="committee-{{id}}" aria-labelledby="committee-{{id}}-heading">
    <h3 id="committee-{{id}}-heading" lang="{{name_lang}}">{{name}}</h3>
    <p lang="{{remit_lang}}">{{remit}}</p>
    <ul class="member-list">
{{#MEMBER}}
      <li><a href="{{href}}">{{name}}</a>{{#POSITION}} – {{position}}{{/POSITION}}</li>
{{/MEMBER}}
    </ul>
  </section>
{{/COMMITTEE}}
</section>
<section aria-labelledby="elderships-heading">
  <h2 id="elderships-heading">{{msg_council_elderships}}</h2>
  <ul class="elderships" lang="lt">
{{#ELDERSHIP}}
    <li>{{name}}</li>
{{/ELDERSHIP}}
  </ul>
</section>

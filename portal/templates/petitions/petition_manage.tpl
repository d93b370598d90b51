{{%AUTOESCAPE context="HTML"}}
{{!-- The creator's private page (portal/petitions/petition_flow_pages): the petition's state,
      the next step (gather sponsors, wait for the moderator), the link for sponsors, and the
      form to correct the text while it may still change. --}}
<h1>{{msg_petition_manage_title}}</h1>
<p class="lead">{{msg_petition_manage_intro}}</p>
{{#SAVED}}
<div class="alert alert--ok" role="status"><p>{{msg_petition_manage_saved}}</p></div>
{{/SAVED}}
{{>ERROR_SUMMARY}}
<dl class="facts">
  <dt>{{msg_petition_start_field_title}}</dt><dd lang="{{title_lang}}">{{title}}</dd>
  <dt>{{msg_petition_manage_state}}</dt><dd>{{state}}</dd>
</dl>
{{#STEP}}
<p>{{text}}</p>
{{/STEP}}
{{#GATHER}}
<form method="post" action="{{action}}" class="form">
  <input type="hidden" name="csrf" value="{{csrf}}">
  <button type="submit" class="button">{{msg_petition_manage_gather}}</button>
</form>
{{/GATHER}}
{{#SPONSORS}}
<section class="editor-section" aria-labelledby="petition-sponsors">
  <h2 id="petition-sponsors">{{msg_petition_manage_sponsor_heading}}</h2>
  <p>{{intro}}</p>
  <p>{{msg_petition_manage_sponsor_link}}: <a href="{{link}}" class="petition-manage__link">{{link}}</a></p>
  <p>{{count}}</p>
</section>
{{/SPONSORS}}
{{#PUBLIC}}
<p><a href="{{href}}">{{msg_petition_manage_public_link}}</a></p>
{{/PUBLIC}}
{{#EDIT}}
<section class="editor-section" aria-labelledby="petition-edit">
  <h2 id="petition-edit" tabindex="-1">{{msg_petition_manage_edit_heading}}</h2>
{{>EDIT_FORM}}
</section>
{{/EDIT}}

{{%AUTOESCAPE context="HTML"}}
{{!-- Signing or sponsoring a petition (portal/petitions/petition_flow_pages): the petition's
      text, who may sign, and the form; a signed-in resident's address is shown instead of asked. --}}
<p class="petition-back"><a href="{{petition_href}}">{{msg_petition_sign_back}}</a></p>
<h1>{{heading}}</h1>
<section class="petition-sign__petition" aria-labelledby="petition-sign-title">
  <h2 id="petition-sign-title" lang="{{title_lang}}">{{title}}</h2>
{{#PARAGRAPH}}
  <p lang="{{title_lang}}">{{text}}</p>
{{/PARAGRAPH}}
</section>
<p class="petition-sign__count">{{count}}</p>
<p class="lead">{{intro}}</p>
{{#SIGNED_IN}}
<p class="alert alert--ok">{{text}}</p>
{{/SIGNED_IN}}
{{>ERROR_SUMMARY}}
{{>SIGN_FORM}}

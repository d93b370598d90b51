{{%AUTOESCAPE context="HTML"}}
{{!-- What was wrong with a refused form, at the top of its page, each error linked to its field
      (included as ERROR_SUMMARY). --}}
<div class="alert alert--error" role="alert">
  <h2 class="alert__heading">{{msg_form_has_errors}}</h2>
  <ul>
{{#ERROR}}
    <li><a href="#{{target}}">{{text}}</a></li>
{{/ERROR}}
  </ul>
</div>

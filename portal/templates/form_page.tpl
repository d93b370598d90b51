{{%AUTOESCAPE context="HTML"}}
{{!-- A page of forms: sign-in, sign-up, password reset, the account page. Errors are listed
      first (focus lands on the list's heading via its link targets) and repeated at each field,
      tied to it with aria-describedby; every input has a visible label. --}}
<h1>{{heading}}</h1>
{{#INTRO}}
<p class="lead">{{text}}</p>
{{/INTRO}}
{{#NOTICE}}
<div class="alert alert--ok" role="status"><p>{{text}}</p></div>
{{/NOTICE}}
{{#ERRORS}}
<div class="alert alert--error" role="alert">
  <h2 class="alert__heading">{{msg_form_has_errors}}</h2>
  <ul>
{{#ERROR}}
    <li><a href="#{{field}}">{{text}}</a></li>
{{/ERROR}}
  </ul>
</div>
{{/ERRORS}}
{{#FORM}}
<section class="form-section">
{{#FORM_HEADING}}
  <h2>{{text}}</h2>
{{/FORM_HEADING}}
  <form method="post" action="{{action}}" class="form">
    <input type="hidden" name="csrf" value="{{csrf}}">
{{#HIDDEN}}
    <input type="hidden" name="{{name}}" value="{{value}}">
{{/HIDDEN}}
{{#FIELD}}
    <div class="field{{#INVALID}} field--invalid{{/INVALID}}">
      <label for="{{name}}">{{label}}</label>
{{#HINT}}
      <p class="field__hint" id="{{name}}-hint">{{text}}</p>
{{/HINT}}
{{#FIELD_ERROR}}
      <p class="field__error" id="{{name}}-error">{{text}}</p>
{{/FIELD_ERROR}}
{{#INPUT}}
      <input id="{{name}}" name="{{name}}" type="{{type}}" value="{{value}}" autocomplete="{{autocomplete}}" required{{#DESCRIBED}} aria-describedby="{{ids}}"{{/DESCRIBED}}{{#INVALID}} aria-invalid="true"{{/INVALID}}>
{{/INPUT}}
{{#SELECT}}
      <select id="{{name}}" name="{{name}}"{{#DESCRIBED}} aria-describedby="{{ids}}"{{/DESCRIBED}}>
{{#OPTION}}
        <option value="{{value}}"{{#SELECTED}} selected{{/SELECTED}}>{{label}}</option>
{{/OPTION}}
      </select>
{{/SELECT}}
    </div>
{{/FIELD}}
    <button type="submit" class="button">{{submit}}</button>
  </form>
</section>
{{/FORM}}
{{#LINK}}
<p><a href="{{href}}">{{text}}</a></p>
{{/LINK}}

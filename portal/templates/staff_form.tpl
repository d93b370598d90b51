{{%AUTOESCAPE context="HTML"}}
{{!-- One form of an editor's page (portal/staff_forms): each control has a visible label; its
      hint and error are tied to it with aria-describedby; ids are the form's id and the field's
      name, so they are unique on the page. --}}
<form method="post" action="{{action}}" id="{{form_id}}" class="form{{#COMPACT}} form--compact{{/COMPACT}}"{{#MULTIPART}} enctype="multipart/form-data"{{/MULTIPART}}>
  <input type="hidden" name="csrf" value="{{csrf}}">
{{#HIDDEN}}
  <input type="hidden" name="{{name}}" value="{{value}}">
{{/HIDDEN}}
{{#FORM_ERROR}}
  <div class="alert alert--error" id="{{form_id}}-error"><p>{{text}}</p></div>
{{/FORM_ERROR}}
{{#FIELD}}
{{#SINGLE}}
  <div class="field{{#INVALID}} field--invalid{{/INVALID}}">
    <label for="{{field_id}}">{{label}}{{#REQUIRED}} <span class="field__required">({{msg_editor_required}})</span>{{/REQUIRED}}</label>
{{#HINT}}
    <p class="field__hint" id="{{field_id}}-hint">{{text}}</p>
{{/HINT}}
{{#FIELD_ERROR}}
    <p class="field__error" id="{{field_id}}-error">{{text}}</p>
{{/FIELD_ERROR}}
{{#INPUT}}
    <input id="{{field_id}}" name="{{name}}" type="{{type}}" value="{{value}}"{{#ACCEPT}} accept="{{accept}}"{{/ACCEPT}}{{#LANG}} lang="{{lang}}"{{/LANG}}{{#REQUIRED}} required{{/REQUIRED}}{{#DESCRIBED}} aria-describedby="{{ids}}"{{/DESCRIBED}}{{#INVALID}} aria-invalid="true"{{/INVALID}}>
{{/INPUT}}
{{#TEXTAREA}}
    <textarea id="{{field_id}}" name="{{name}}" rows="6"{{#LANG}} lang="{{lang}}"{{/LANG}}{{#REQUIRED}} required{{/REQUIRED}}{{#DESCRIBED}} aria-describedby="{{ids}}"{{/DESCRIBED}}{{#INVALID}} aria-invalid="true"{{/INVALID}}>{{value}}</textarea>
{{/TEXTAREA}}
{{#SELECT}}
    <select id="{{field_id}}" name="{{name}}"{{#REQUIRED}} required{{/REQUIRED}}{{#DESCRIBED}} aria-describedby="{{ids}}"{{/DESCRIBED}}{{#INVALID}} aria-invalid="true"{{/INVALID}}>
{{#OPTION}}
      <option value="{{value}}"{{#SELECTED}} selected{{/SELECTED}}>{{option_label}}</option>
{{/OPTION}}
    </select>
{{/SELECT}}
  </div>
{{/SINGLE}}
{{#GROUP}}
  <fieldset class="field field--group{{#INVALID}} field--invalid{{/INVALID}}" id="{{field_id}}"{{#DESCRIBED}} aria-describedby="{{ids}}"{{/DESCRIBED}}>
    <legend>{{label}}</legend>
{{#HINT}}
    <p class="field__hint" id="{{field_id}}-hint">{{text}}</p>
{{/HINT}}
{{#FIELD_ERROR}}
    <p class="field__error" id="{{field_id}}-error">{{text}}</p>
{{/FIELD_ERROR}}
{{#BOX}}
    <label class="checkbox" for="{{box_id}}"><input type="checkbox" id="{{box_id}}" name="{{name}}" value="{{value}}"{{#CHECKED}} checked{{/CHECKED}}> {{box_label}}</label>
{{/BOX}}
  </fieldset>
{{/GROUP}}
{{#TICK}}
  <div class="field{{#INVALID}} field--invalid{{/INVALID}}">
{{#FIELD_ERROR}}
    <p class="field__error" id="{{field_id}}-error">{{text}}</p>
{{/FIELD_ERROR}}
    <label class="checkbox" for="{{field_id}}"><input type="checkbox" id="{{field_id}}" name="{{name}}" value="1"{{#CHECKED}} checked{{/CHECKED}}{{#REQUIRED}} required{{/REQUIRED}}{{#DESCRIBED}} aria-describedby="{{ids}}"{{/DESCRIBED}}{{#INVALID}} aria-invalid="true"{{/INVALID}}> {{label}}</label>
  </div>
{{/TICK}}
{{/FIELD}}
  <button type="submit" class="button{{#COMPACT}} button--small{{/COMPACT}}">{{submit}}</button>
</form>

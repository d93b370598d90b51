{{%AUTOESCAPE context="HTML"}}
{{!-- /reports/new: what the problem is and where, a GET form that works without JavaScript
      (latitude and longitude typed, or an eldership and an address); report_map.js adds the map
      to place the pin on, by pointer or keyboard, and "use my location". Errors are listed
      first and repeated at each field (portal/reports/report_pages). --}}
<p class="report-back"><a href="{{back_href}}">{{msg_report_new_back}}</a></p>
<h1>{{msg_report_new_title}}</h1>
<p>{{msg_report_new_intro}}</p>
{{#ERRORS}}
<div class="alert alert--error" role="alert">
  <h2 class="alert__heading">{{msg_form_has_errors}}</h2>
  <ul>
{{#ERROR}}
    <li><a href="#{{field_id}}">{{text}}</a></li>
{{/ERROR}}
  </ul>
</div>
{{/ERRORS}}
<form method="get" action="{{action}}" class="form report-where" id="report-where">
{{#FIELD}}
{{#FIELDSET_START}}
  <fieldset class="report-where__group">
    <legend>{{legend}}</legend>
{{#HINT}}
    <p class="field__hint">{{text}}</p>
{{/HINT}}
{{#MAP_HERE}}
{{>MAP}}
    <p class="report-map__status" id="report-map-status" aria-live="polite"></p>
{{/MAP_HERE}}
{{/FIELDSET_START}}
  <div class="field{{#INVALID}} field--invalid{{/INVALID}}">
    <label for="{{field_id}}">{{label}}{{#REQUIRED}} <span class="field__required">({{msg_editor_required}})</span>{{/REQUIRED}}</label>
{{#FIELD_HINT}}
    <p class="field__hint" id="{{field_id}}-hint">{{text}}</p>
{{/FIELD_HINT}}
{{#FIELD_ERROR}}
    <p class="field__error" id="{{field_id}}-error">{{text}}</p>
{{/FIELD_ERROR}}
{{#INPUT}}
    <input id="{{field_id}}" name="{{name}}" type="text" value="{{value}}"{{#NUMBER}} inputmode="decimal" autocomplete="off"{{/NUMBER}}{{#DESCRIBED}} aria-describedby="{{ids}}"{{/DESCRIBED}}{{#INVALID}} aria-invalid="true"{{/INVALID}}>
{{/INPUT}}
{{#SELECT}}
    <select id="{{field_id}}" name="{{name}}"{{#REQUIRED}} required{{/REQUIRED}}{{#DESCRIBED}} aria-describedby="{{ids}}"{{/DESCRIBED}}{{#INVALID}} aria-invalid="true"{{/INVALID}}>
{{#OPTION}}
      <option value="{{value}}"{{#SELECTED}} selected{{/SELECTED}}>{{text}}</option>
{{/OPTION}}
    </select>
{{/SELECT}}
  </div>
{{#FIELDSET_END}}
  </fieldset>
{{/FIELDSET_END}}
{{/FIELD}}
  <button type="submit" class="button">{{msg_report_new_continue}}</button>
</form>

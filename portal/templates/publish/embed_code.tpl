{{%AUTOESCAPE context="HTML"}}
{{!-- Copy-paste code for the municipal website: an iframe of a widget. --}}
<details class="embed-code">
  <summary>{{msg_embed_summary}}</summary>
  <p>{{msg_embed_hint}}</p>
{{#SNIPPET}}
  <label for="embed-code-{{name}}">{{label}}</label>
  <textarea id="embed-code-{{name}}" readonly rows="4">{{code}}</textarea>
{{/SNIPPET}}
</details>

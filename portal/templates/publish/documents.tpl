{{%AUTOESCAPE context="HTML"}}
{{!-- Attached documents with their type and size, so a visitor on a phone knows before tapping. --}}
<ul class="documents">
{{#DOCUMENT}}
  <li><a href="{{href}}" lang="{{title_lang}}">{{title}}</a> <span class="documents__meta">({{type}}, {{size}})</span></li>
{{/DOCUMENT}}
</ul>

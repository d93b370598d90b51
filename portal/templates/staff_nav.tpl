{{%AUTOESCAPE context="HTML"}}
{{!-- The navigation between staff pages, included by each as STAFF_NAV: only the pages this
      account's roles reach, the current one marked. --}}
<nav class="staff-nav" aria-label="{{msg_staff_nav_label}}">
  <ul>
{{#LINK}}
    <li><a href="{{href}}"{{#CURRENT}} aria-current="page"{{/CURRENT}}>{{text}}</a></li>
{{/LINK}}
  </ul>
</nav>
{{#STORAGE_FAILING}}
<div class="alert alert--error" role="alert"><p>{{problem}}</p></div>
{{/STORAGE_FAILING}}

{{%AUTOESCAPE context="HTML"}}
{{!-- Search: a GET form that works without JavaScript, then the hits, best first, each leading
      to its meeting (at its moment in the recording, when it has one). Titles and snippets are
      _html: escaped in C++ (search_index's marked_html), the matched words in <mark>. --}}
<h1>{{msg_search_title}}</h1>
<form class="search-form" method="get" action="{{action}}" role="search">
  <label for="search-q">{{msg_search_label}}</label>
  <div class="search-form__row">
    <input id="search-q" type="search" name="q" value="{{q}}" maxlength="{{max_length}}" autocomplete="off">
    <button type="submit" class="button">{{msg_search_submit}}</button>
  </div>
</form>
{{#RESULTS}}
<p class="result-count" role="status">{{count}}</p>
<ol class="search-results" start="{{start}}">
{{#HIT}}
  <li class="search-result">
    <h2 class="search-result__title"><a href="{{href}}"{{#TITLE_LANG}} lang="{{code}}"{{/TITLE_LANG}}>{{title_html:none}}</a></h2>
    <p class="search-result__meta">{{kind}}{{#MEETING}} · {{#NAMED}}<span{{#MEETING_LT}} lang="lt"{{/MEETING_LT}}>{{title}}</span>, {{/NAMED}}{{date}}{{/MEETING}}{{#MOMENT}} · {{text}}{{/MOMENT}}</p>
{{#SNIPPET}}
    <p class="search-result__snippet"{{#SNIPPET_LANG}} lang="{{code}}"{{/SNIPPET_LANG}}>{{snippet_html:none}}</p>
{{/SNIPPET}}
  </li>
{{/HIT}}
</ol>
{{#PAGING}}
<nav class="paging" aria-label="{{msg_search_paging_label}}">
  <p>{{where}}</p>
  <ul>
{{#PREVIOUS}}
    <li><a href="{{href}}" rel="prev">{{msg_search_previous}}</a></li>
{{/PREVIOUS}}
{{#NEXT}}
    <li><a href="{{href}}" rel="next">{{msg_search_next}}</a></li>
{{/NEXT}}
  </ul>
</nav>
{{/PAGING}}
{{/RESULTS}}
{{#NOTHING}}
<p class="result-count" role="status">{{msg_search_nothing}}</p>
{{#PAST_THE_END}}
<p>{{msg_search_past_the_end}}</p>
{{/PAST_THE_END}}
{{/NOTHING}}

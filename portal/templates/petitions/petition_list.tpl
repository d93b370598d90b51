{{%AUTOESCAPE context="HTML"}}
{{!-- The petitions: which (open, answered, closed, rejected), in what order and which words,
      as a GET form that works without JavaScript; then each petition with its count. --}}
<h1>{{msg_petition_list_title}}</h1>
<p>{{msg_petition_list_intro}}</p>
<p><a class="button" href="{{start_href}}">{{msg_petition_list_start}}</a></p>
<form class="filter petition-filter" method="get" action="{{action}}" aria-label="{{msg_petition_list_filter_label}}">
  <div class="filter__field">
    <label for="petition-show">{{msg_petition_list_show_label}}</label>
    <select id="petition-show" name="show">
{{#SHOW}}
      <option value="{{value}}"{{#SELECTED}} selected{{/SELECTED}}>{{text}}</option>
{{/SHOW}}
    </select>
  </div>
  <div class="filter__field">
    <label for="petition-sort">{{msg_petition_list_sort_label}}</label>
    <select id="petition-sort" name="sort">
{{#SORT}}
      <option value="{{value}}"{{#SELECTED}} selected{{/SELECTED}}>{{text}}</option>
{{/SORT}}
    </select>
  </div>
  <div class="filter__field petition-filter__words">
    <label for="petition-q">{{msg_petition_list_search_label}}</label>
    <input id="petition-q" type="search" name="q" value="{{q}}" maxlength="{{max_length}}" autocomplete="off">
  </div>
  <button type="submit" class="button">{{msg_petition_list_submit}}</button>
</form>
<p class="result-count" role="status">{{count}}</p>
{{#PETITIONS}}
<ol class="petition-list">
{{#PETITION}}
  <li class="petition-card">
    <h2 class="petition-card__title"><a href="{{href}}" lang="{{title_lang}}">{{title}}</a></h2>
    <p class="petition-card__count"><strong>{{signatures}}</strong></p>
    <p class="petition-card__meta">{{when_label}}: <time datetime="{{datetime}}">{{date}}</time>{{#CLOSES}} · {{msg_petition_list_closes}} <time datetime="{{datetime}}">{{date}}</time>{{/CLOSES}}</p>
  </li>
{{/PETITION}}
</ol>
{{/PETITIONS}}
{{#NOTHING}}
<p>{{msg_petition_list_nothing}}</p>
{{/NOTHING}}
{{#PAGING}}
<nav class="paging" aria-label="{{msg_petition_list_paging_label}}">
  <p>{{where}}</p>
  <ul>
{{#PREVIOUS}}
    <li><a href="{{href}}" rel="prev">{{msg_petition_list_previous}}</a></li>
{{/PREVIOUS}}
{{#NEXT}}
    <li><a href="{{href}}" rel="next">{{msg_petition_list_next}}</a></li>
{{/NEXT}}
  </ul>
</nav>
{{/PAGING}}
<p class="more"><a href="{{feed_href}}">{{msg_petition_list_feed_title}}</a></p>

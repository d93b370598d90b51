{{%AUTOESCAPE context="HTML"}}
{{!-- The meetings of a year by month, with a filter that works without JavaScript (a GET
      form) and the calendar to subscribe to. --}}
<h1>{{msg_meetings_title}}</h1>
<form class="filter" method="get" action="{{action}}">
  <div class="filter__field">
    <label for="filter-year">{{msg_filter_year}}</label>
    <select id="filter-year" name="year">
{{#YEAR}}
      <option value="{{value}}"{{#SELECTED}} selected{{/SELECTED}}>{{value}}</option>
{{/YEAR}}
    </select>
  </div>
  <div class="filter__field">
    <label for="filter-type">{{msg_filter_type}}</label>
    <select id="filter-type" name="type">
{{#KIND}}
      <option value="{{value}}"{{#SELECTED}} selected{{/SELECTED}}>{{text}}</option>
{{/KIND}}
    </select>
  </div>
  <button type="submit" class="button">{{msg_filter_show}}</button>
</form>
<p class="result-count" role="status">{{year}}: {{count}}</p>
{{#MONTH}}
<section class="month" aria-labelledby="month-{{id}}">
  <h2 id="month-{{id}}">{{heading}}</h2>
{{#MEETING}}
{{>SUMMARY}}
{{/MEETING}}
</section>
{{/MONTH}}
{{#NO_MEETINGS}}
<p>{{msg_meetings_none}}</p>
{{/NO_MEETINGS}}
<p class="more"><a href="{{calendar_href}}">{{msg_calendar_subscribe}}</a> · <a href="{{feed_href}}">{{msg_feed_meetings}}</a></p>
{{>EMBED_CODE}}

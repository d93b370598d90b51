{{%AUTOESCAPE context="HTML"}}
{{!-- A page that is not there: say so and offer the way on. --}}
<h1>{{msg_not_found_title}}</h1>
<p>{{msg_not_found_text}}</p>
<ul>
  <li><a href="{{home_href}}">{{msg_link_home}}</a></li>
  <li><a href="{{meetings_href}}">{{msg_nav_meetings}}</a></li>
  <li><a href="{{council_href}}">{{msg_nav_council}}</a></li>
</ul>

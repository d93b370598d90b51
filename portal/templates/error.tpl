{{%AUTOESCAPE context="HTML"}}
{{!-- A request the site could not carry out: what went wrong, in the page's language. --}}
<h1>{{msg_error_page_title}}</h1>
<p>{{text}}</p>
<p><a href="{{home_href}}">{{msg_link_home}}</a></p>

{{%AUTOESCAPE context="HTML"}}
{{!-- The frame of every page; the page's own template is included as BODY. No inline script
      or style: the Content-Security-Policy allows only same-origin files. --}}
<!DOCTYPE html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{page_title}}</title>
{{#DESCRIPTION}}
<meta name="description" content="{{text}}">
<meta property="og:description" content="{{text}}">
{{/DESCRIPTION}}
{{#CANONICAL}}
<link rel="canonical" href="{{url}}">
<link rel="alternate" hreflang="{{lang}}" href="{{url}}">
<meta property="og:url" content="{{url}}">
{{/CANONICAL}}
<meta property="og:title" content="{{og_title}}">
<meta property="og:type" content="{{og_type}}">
<meta property="og:site_name" content="{{municipality_name}}">
<meta property="og:locale" content="{{og_locale}}">
<link rel="stylesheet" href="/assets/css/site.css">
<link rel="icon" href="data:,">
<link rel="alternate" hreflang="{{other_lang}}" href="{{alternate_href}}">
{{#HEAD_LINK}}
<link rel="alternate" type="{{type}}" href="{{href}}" title="{{title}}">
{{/HEAD_LINK}}
{{#SCRIPT}}
<script src="{{src}}" defer></script>
{{/SCRIPT}}
</head>
<body>
<a class="skip-link" href="#main">{{msg_skip_to_content}}</a>
<header class="site-header">
  <div class="site-header__inner">
    <a class="site-header__name" href="{{home_href}}">{{msg_site_name}}</a>
    <nav class="site-nav" aria-label="{{msg_site_nav_label}}">
      <ul>
        <li><a href="{{home_href}}" aria-current="{{nav_home_current}}">{{msg_nav_home}}</a></li>
        <li><a href="{{home_href}}meetings" aria-current="{{nav_meetings_current}}">{{msg_nav_meetings}}</a></li>
        <li><a href="{{home_href}}council" aria-current="{{nav_council_current}}">{{msg_nav_council}}</a></li>
        <li><a href="{{home_href}}decisions" aria-current="{{nav_decisions_current}}">{{msg_nav_decisions}}</a></li>
        <li><a href="{{home_href}}petitions" aria-current="{{nav_petitions_current}}">{{msg_petition_list_nav}}</a></li>
        <li><a href="{{home_href}}consultations" aria-current="{{nav_consultations_current}}">{{msg_booking_find_nav}}</a></li>
        <li><a href="{{home_href}}reports" aria-current="{{nav_reports_current}}">{{msg_report_list_nav}}</a></li>
        <li><a href="{{home_href}}search" aria-current="{{nav_search_current}}">{{msg_nav_search}}</a></li>
      </ul>
    </nav>
    <nav class="account-nav" aria-label="{{msg_account_nav_label}}">
      <ul>
{{#ACCOUNT_LINK}}
        <li><a href="{{href}}">{{text}}</a></li>
{{/ACCOUNT_LINK}}
{{#LOGOUT}}
        <li><form method="post" action="{{action}}"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="link-button">{{msg_nav_logout}}</button></form></li>
{{/LOGOUT}}
      </ul>
    </nav>
    <nav class="language-switch" aria-label="{{msg_language_switch_label}}">
      <a href="{{switch_href}}" hreflang="{{other_lang}}" lang="{{other_lang}}">{{msg_language_switch}}</a>
    </nav>
  </div>
</header>
<main id="main" class="site-main" tabindex="-1">
{{>BODY}}
</main>
<footer class="site-footer">
  <div class="site-footer__inner">
    <p>{{municipality_name}}</p>
    <p>{{msg_footer_note}}</p>
  </div>
</footer>
</body>
</html>

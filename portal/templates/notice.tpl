{{%AUTOESCAPE context="HTML"}}
{{!-- One notice after a step (mail sent, a signature counted, a hold that ended, a link that no
      longer works), or the button a mailed link opens: only a person presses it, so a mail
      scanner opening the link confirms nothing (portal/accounts/notice_page). --}}
<h1>{{heading}}</h1>
{{#NOTICE}}
<div class="alert alert--{{kind}}" role="status"><p>{{text}}</p></div>
{{/NOTICE}}
{{#BUTTON}}
<form method="post" action="{{action}}" class="form">
  <input type="hidden" name="csrf" value="{{csrf}}">
  <button type="submit" class="button">{{submit}}</button>
</form>
{{/BUTTON}}
{{#LINK}}
<p><a href="{{href}}">{{text}}</a></p>
{{/LINK}}

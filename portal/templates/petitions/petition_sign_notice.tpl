{{%AUTOESCAPE context="HTML"}}
{{!-- What a resident reads after a step of starting or signing a petition (mail sent, signature
      counted, a link that no longer works), or the button a mailed link opens: only a person
      presses it, so a mail scanner opening the link confirms nothing. --}}
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

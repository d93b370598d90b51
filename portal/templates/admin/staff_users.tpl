{{%AUTOESCAPE context="HTML"}}
{{!-- Staff user management (administrators): one form per account, so saving one account never
      touches another. --}}
<h1>{{msg_staff_users_title}}</h1>
{{>STAFF_NAV}}
<p class="lead">{{msg_staff_users_intro}}</p>
{{#SAVED}}
<div class="alert alert--ok" role="status"><p>{{text}}</p></div>
{{/SAVED}}
{{#USER}}
<section class="user-card" aria-labelledby="user-{{id}}">
  <h2 id="user-{{id}}">{{email}} <span class="user-card__status">{{status}}</span></h2>
  <form method="post" action="{{action}}" class="form">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <input type="hidden" name="user_id" value="{{id}}">
    <fieldset>
      <legend>{{msg_staff_roles}}</legend>
{{#ROLE}}
      <label class="checkbox"><input type="checkbox" name="role" value="{{name}}"{{#CHECKED}} checked{{/CHECKED}}> {{label}}</label>
{{/ROLE}}
    </fieldset>
    <div class="field">
      <label for="council-member-{{id}}">{{msg_staff_council_member}}</label>
      <input id="council-member-{{id}}" name="council_member" type="text" value="{{council_member}}">
    </div>
    <label class="checkbox"><input type="checkbox" name="disabled" value="1"{{#DISABLED}} checked{{/DISABLED}}> {{msg_staff_disabled}}</label>
    <button type="submit" class="button">{{msg_staff_save}}</button>
  </form>
</section>
{{/USER}}

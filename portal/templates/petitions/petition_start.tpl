{{%AUTOESCAPE context="HTML"}}
{{!-- Starting a petition (portal/petitions/petition_flow_pages): what happens next, then the
      form; a refused form comes back with its errors listed above it and at each field. --}}
<h1>{{msg_petition_start_title}}</h1>
<p class="lead">{{msg_petition_start_intro}}</p>
{{>ERROR_SUMMARY}}
{{>START_FORM}}

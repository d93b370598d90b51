{{%AUTOESCAPE context="HTML"}}
{{!-- One service for the administrators (portal/bookings/booking_admin_page): its topic and
      description in both languages, department, length, mode with its place or link, the
      languages it is offered in, whether an account is needed and whether it is bookable; the
      officials who offer it. --}}
<h1>{{topic}}</h1>
{{>STAFF_NAV}}
<p><a href="{{back}}">{{msg_booking_admin_back}}</a></p>
{{#SAVED}}
<div class="alert alert--ok" role="status"><p>{{text}}</p></div>
{{/SAVED}}
{{>ERROR_SUMMARY}}
<section class="editor-section" aria-labelledby="booking-service-officials">
  <h2 id="booking-service-officials">{{msg_booking_admin_officials}}</h2>
{{#NO_OFFICIALS}}
  <p>{{msg_booking_admin_no_officials}}</p>
{{/NO_OFFICIALS}}
{{#OFFICIALS}}
  <ul>
{{#OFFICIAL}}
    <li>{{name}}</li>
{{/OFFICIAL}}
  </ul>
{{/OFFICIALS}}
</section>
<section class="editor-section" aria-labelledby="booking-service-edit">
  <h2 id="booking-service-edit" tabindex="-1">{{msg_booking_admin_edit_service}}</h2>
{{>SERVICE_FORM}}
</section>

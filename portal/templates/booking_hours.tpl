{{%AUTOESCAPE context="HTML"}}
{{!-- An official's own hours (portal/bookings/booking_hours_page): their name as residents see
      it; for each service, the weekly hours and the rules around them (buffers, minimum notice,
      how far ahead, a daily maximum); the days off and extra hours; the holidays, which are
      never offered. --}}
<h1>{{msg_booking_hours_title}}</h1>
{{>STAFF_NAV}}
<p class="lead">{{msg_booking_hours_intro}}</p>
<p><a href="{{day_href}}">{{msg_booking_hours_day_link}}</a> · <a href="{{week_href}}">{{msg_booking_hours_week_link}}</a> · <a href="{{calendar_href}}">{{msg_booking_hours_calendar_link}}</a></p>
{{#SAVED}}
<div class="alert alert--ok" role="status"><p>{{text}}</p></div>
{{/SAVED}}
{{>ERROR_SUMMARY}}
<section class="editor-section" aria-labelledby="booking-name">
  <h2 id="booking-name" tabindex="-1">{{msg_booking_hours_name_heading}}</h2>
{{#NO_NAME}}
  <p>{{msg_booking_hours_no_name}}</p>
{{/NO_NAME}}
{{>NAME_FORM}}
</section>
{{#OFFERED}}
{{#NO_SERVICES}}
<p>{{msg_booking_hours_no_services}}</p>
{{/NO_SERVICES}}
{{#SERVICE}}
<section class="editor-section" aria-labelledby="booking-hours-{{id}}">
  <h2 id="booking-hours-{{id}}" tabindex="-1">{{topic}}</h2>
  <p>{{summary}}</p>
  <details class="booking-admin-item"{{#OPEN}} open{{/OPEN}}>
    <summary>{{msg_booking_hours_edit}}</summary>
{{>RULE_FORM}}
  </details>
</section>
{{/SERVICE}}
{{/OFFERED}}
{{#CHANGES}}
<section class="editor-section" aria-labelledby="booking-exceptions">
  <h2 id="booking-exceptions" tabindex="-1">{{msg_booking_hours_exceptions}}</h2>
{{#NO_EXCEPTIONS}}
  <p>{{msg_booking_hours_no_exceptions}}</p>
{{/NO_EXCEPTIONS}}
{{#EXCEPTIONS}}
  <ul class="booking-exceptions">
{{#EXCEPTION}}
    <li><span>{{text}}</span>{{>REMOVE_FORM}}</li>
{{/EXCEPTION}}
  </ul>
{{/EXCEPTIONS}}
  <h3 id="booking-new-off">{{msg_booking_hours_new_off}}</h3>
{{>OFF_FORM}}
  <h3 id="booking-new-extra">{{msg_booking_hours_new_extra}}</h3>
{{>EXTRA_FORM}}
</section>
{{/CHANGES}}
<section class="editor-section" aria-labelledby="booking-holidays">
  <h2 id="booking-holidays">{{msg_booking_hours_holidays}}</h2>
  <ul>
{{#HOLIDAY}}
    <li><time datetime="{{date}}">{{date_text}}</time>: {{name}}</li>
{{/HOLIDAY}}
  </ul>
</section>

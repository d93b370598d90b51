{{%AUTOESCAPE context="HTML"}}
{{!-- The administrators' consultation page (portal/bookings/booking_admin_page): the
      departments in their order, each renamed in place; the services with their department,
      length, mode and whether residents can book them, each leading to its page; a form for a
      new department and one for a new service. --}}
<h1>{{msg_booking_admin_title}}</h1>
{{>STAFF_NAV}}
<p class="lead">{{msg_booking_admin_intro}}</p>
{{#OFFICIAL}}
<p><a href="{{day_href}}">{{msg_booking_admin_own_day}}</a> · <a href="{{hours_href}}">{{msg_booking_admin_own_hours}}</a></p>
{{/OFFICIAL}}
{{#SAVED}}
<div class="alert alert--ok" role="status"><p>{{text}}</p></div>
{{/SAVED}}
{{>ERROR_SUMMARY}}
<section class="editor-section" aria-labelledby="booking-departments">
  <h2 id="booking-departments">{{msg_booking_admin_departments}}</h2>
{{#NO_DEPARTMENTS}}
  <p>{{msg_booking_admin_no_departments}}</p>
{{/NO_DEPARTMENTS}}
{{#DEPARTMENT}}
  <details class="booking-admin-item"{{#OPEN}} open{{/OPEN}}>
    <summary><span lang="lt">{{name_lt}}</span> · <span lang="en">{{name_en}}</span></summary>
{{>DEPARTMENT_FORM}}
  </details>
{{/DEPARTMENT}}
  <h3 id="booking-new-department" tabindex="-1">{{msg_booking_admin_new_department}}</h3>
{{>NEW_DEPARTMENT_FORM}}
</section>
<section class="editor-section" aria-labelledby="booking-services">
  <h2 id="booking-services">{{msg_booking_admin_services}}</h2>
{{#NO_SERVICES}}
  <p>{{msg_booking_admin_no_services}}</p>
{{/NO_SERVICES}}
{{#SERVICES}}
  <div class="table-scroll" role="region" aria-labelledby="booking-services" tabindex="0">
  <table class="data-table">
    <thead>
      <tr><th scope="col">{{msg_booking_admin_col_topic}}</th><th scope="col">{{msg_booking_admin_col_department}}</th><th scope="col">{{msg_booking_admin_col_duration}}</th><th scope="col">{{msg_booking_admin_col_mode}}</th><th scope="col">{{msg_booking_admin_col_officials}}</th><th scope="col">{{msg_booking_admin_col_active}}</th></tr>
    </thead>
    <tbody>
{{#SERVICE}}
      <tr><td><a href="{{href}}">{{topic}}</a></td><td>{{department}}</td><td>{{duration}}</td><td>{{mode}}</td><td>{{officials}}</td><td>{{active}}</td></tr>
{{/SERVICE}}
    </tbody>
  </table>
  </div>
{{/SERVICES}}
{{#NEW_SERVICE}}
  <h3 id="booking-new-service" tabindex="-1">{{msg_booking_admin_new_service}}</h3>
{{>NEW_SERVICE_FORM}}
{{/NEW_SERVICE}}
</section>
<section class="editor-section" aria-labelledby="booking-officials">
  <h2 id="booking-officials">{{msg_booking_admin_officials_heading}}</h2>
  <p>{{msg_booking_admin_officials_intro}}</p>
{{#NO_OFFICIALS}}
  <p>{{msg_booking_admin_no_officials_yet}}</p>
{{/NO_OFFICIALS}}
  <ul>
{{#OFFICIAL_ROW}}
    <li><a href="{{week_href}}">{{name}}</a></li>
{{/OFFICIAL_ROW}}
  </ul>
</section>

{{%AUTOESCAPE context="HTML"}}
{{!-- /consultations: each department with its topics, how each is held and how long it takes,
      each linking to its free times (portal/bookings/booking_find_pages). --}}
<h1>{{msg_booking_find_title}}</h1>
<p class="lead">{{msg_booking_find_intro}}</p>
{{#EMPTY}}
<p class="alert">{{msg_booking_find_empty}}</p>
{{/EMPTY}}
{{#DEPARTMENT}}
<section class="booking-department" aria-labelledby="department-{{id}}">
  <h2 id="department-{{id}}">{{name}}</h2>
  <ul class="booking-services">
{{#SERVICE}}
    <li class="booking-service">
      <h3 class="booking-service__topic"><a href="{{href}}">{{topic}}</a></h3>
{{#DESCRIPTION}}
      <p>{{text}}</p>
{{/DESCRIPTION}}
      <p class="booking-service__meta">{{minutes}} · {{mode}}{{#LANGUAGES}} · {{text}}{{/LANGUAGES}}{{#ACCOUNT}} · {{msg_booking_find_account_required}}{{/ACCOUNT}}</p>
    </li>
{{/SERVICE}}
  </ul>
</section>
{{/DEPARTMENT}}

{{%AUTOESCAPE context="HTML"}}
{{!-- A topic's free times, day by day (portal/bookings/booking_find_pages): each time a button
      that holds it for the resident. Without script this list is the page; booking.js adds a
      month grid above it that shows one day's times at a time. Also the page of "taken
      meanwhile" (the nearest free times) and of choosing another time for a booking. --}}
<p class="booking-back"><a href="{{back_href}}">{{back_text}}</a></p>
<h1>{{heading}}</h1>
{{#SERVICE_INFO}}
<p class="booking-service__meta">{{department}} · {{minutes}} · {{mode}}</p>
{{#DESCRIPTION}}
<p>{{text}}</p>
{{/DESCRIPTION}}
{{/SERVICE_INFO}}
{{#NOTICE}}
<div class="alert alert--{{kind}}" role="{{role}}"><p>{{text}}</p></div>
{{/NOTICE}}
{{#SIGN_IN}}
<p class="alert">{{msg_booking_find_sign_in}} <a href="{{href}}">{{msg_booking_find_sign_in_link}}</a></p>
{{/SIGN_IN}}
<section class="booking-times" aria-labelledby="booking-times-heading" data-booking-times data-grid-label="{{msg_booking_find_grid_label}}">
  <h2 id="booking-times-heading">{{msg_booking_find_times_heading}}</h2>
  <p>{{intro}}</p>
{{#PERIOD}}
  <p class="booking-times__period">{{text}}</p>
{{/PERIOD}}
{{#NO_TIMES}}
  <p class="alert">{{text}}</p>
{{/NO_TIMES}}
{{#DAY}}
  <section class="booking-day" id="day-{{date}}" data-date="{{date}}" data-label="{{grid_label}}" aria-labelledby="day-{{date}}-heading">
    <h3 id="day-{{date}}-heading"><time datetime="{{date}}">{{heading}}</time> <span class="booking-day__count">({{count}})</span></h3>
    <form method="post" action="{{action}}" class="booking-day__form">
      <input type="hidden" name="csrf" value="{{csrf}}">
      <input type="hidden" name="request" value="{{request}}">
      <ul class="booking-day__times">
{{#TIME}}
        <li><button type="submit" class="button button--time" name="start" value="{{start}}" aria-label="{{label}}"><time datetime="{{datetime}}">{{time}}</time></button></li>
{{/TIME}}
      </ul>
    </form>
  </section>
{{/DAY}}
{{#PAGES}}
  <nav class="booking-times__pages" aria-label="{{msg_booking_find_times_heading}}">
{{#PREVIOUS}}
    <a href="{{href}}" rel="prev">{{msg_booking_find_previous}}</a>
{{/PREVIOUS}}
{{#NEXT}}
    <a href="{{href}}" rel="next">{{msg_booking_find_next}}</a>
{{/NEXT}}
  </nav>
{{/PAGES}}
</section>

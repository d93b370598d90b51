{{%AUTOESCAPE context="HTML"}}
{{!-- An official's week, Monday to Sunday (portal/bookings/booking_desk_page): each day's
      bookings as in the day view, a day with none said so; one column on a phone, seven side by
      side on a wide screen. --}}
<h1>{{msg_booking_desk_week_title}}</h1>
{{>STAFF_NAV}}
<p class="lead">{{range_text}}</p>
<nav class="booking-desk-nav" aria-label="{{msg_booking_desk_weeks_label}}">
  <ul>
    <li><a href="{{previous_href}}" rel="prev">{{msg_booking_desk_previous_week}}</a></li>
    <li><a href="{{today_href}}">{{msg_booking_desk_this_week}}</a></li>
    <li><a href="{{next_href}}" rel="next">{{msg_booking_desk_next_week}}</a></li>
  </ul>
</nav>
<div class="booking-week">
{{#DAY}}
  <section class="booking-week__day{{#TODAY}} booking-week__day--today{{/TODAY}}" aria-labelledby="booking-day-{{date}}">
    <h2 id="booking-day-{{date}}"><a href="{{href}}"><time datetime="{{date}}">{{date_text}}</time></a></h2>
{{#HOLIDAY}}
    <p class="booking-desk-holiday">{{msg_booking_desk_holiday}} {{name}}</p>
{{/HOLIDAY}}
{{#NONE}}
    <p>{{msg_booking_desk_none}}</p>
{{/NONE}}
{{#BOOKINGS}}
    <ol class="booking-desk-list">
{{#BOOKING}}
{{>BOOKING_CARD}}
{{/BOOKING}}
    </ol>
{{/BOOKINGS}}
  </section>
{{/DAY}}
</div>

{{%AUTOESCAPE context="HTML"}}
{{!-- An official's day (portal/bookings/booking_desk_page): each booking in time order with its
      topic, the resident, their contact and note, and its state; the previous and next day, the
      week. One column of cards, so it reads on a phone at 360 px. --}}
<h1>{{msg_booking_desk_day_title}}</h1>
{{>STAFF_NAV}}
<p class="lead"><time datetime="{{date}}">{{date_text}}</time></p>
<nav class="booking-desk-nav" aria-label="{{msg_booking_desk_days_label}}">
  <ul>
    <li><a href="{{previous_href}}" rel="prev">{{msg_booking_desk_previous_day}}</a></li>
    <li><a href="{{today_href}}">{{msg_booking_desk_today}}</a></li>
    <li><a href="{{next_href}}" rel="next">{{msg_booking_desk_next_day}}</a></li>
    <li><a href="{{week_href}}">{{msg_booking_desk_week_link}}</a></li>
  </ul>
</nav>
<form class="booking-desk-jump" method="get" action="{{day_action}}">
  <label for="booking-desk-date">{{msg_booking_desk_jump_label}}</label>
  <input type="date" id="booking-desk-date" name="date" value="{{date}}">
  <button type="submit" class="button button--small">{{msg_booking_desk_jump_submit}}</button>
</form>
{{#HOLIDAY}}
<p class="booking-desk-holiday">{{msg_booking_desk_holiday}} {{name}}</p>
{{/HOLIDAY}}
{{#NONE}}
<p>{{msg_booking_desk_day_empty}}</p>
{{/NONE}}
{{#BOOKINGS}}
<ol class="booking-desk-list">
{{#BOOKING}}
{{>BOOKING_CARD}}
{{/BOOKING}}
</ol>
{{/BOOKINGS}}

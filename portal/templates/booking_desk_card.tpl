{{%AUTOESCAPE context="HTML"}}
{{!-- One booking in an official's day or week (portal/bookings/booking_desk_page): its time,
      topic, resident, contact, note and state; the time links to the booking's page. --}}
<li class="booking-card{{#CANCELLED}} booking-card--cancelled{{/CANCELLED}}">
  <p class="booking-card__time"><a href="{{href}}"><time datetime="{{start_machine}}">{{start}}</time>–<time datetime="{{end_machine}}">{{end}}</time></a></p>
  <p class="booking-card__topic" lang="{{topic_lang}}">{{topic}}</p>
  <dl class="booking-card__facts">
    <dt>{{msg_booking_desk_resident}}</dt><dd>{{name}}</dd>
    <dt>{{msg_booking_desk_contact}}</dt><dd><a href="mailto:{{email}}">{{email}}</a>{{#PHONE}}, <a href="tel:{{phone}}">{{phone}}</a>{{/PHONE}}</dd>
    <dt>{{msg_booking_desk_mode}}</dt><dd>{{mode}}</dd>
    <dt>{{msg_booking_desk_state}}</dt><dd>{{state}}</dd>
{{#NOTE}}
    <dt>{{msg_booking_desk_note}}</dt><dd>{{text}}</dd>
{{/NOTE}}
  </dl>
</li>

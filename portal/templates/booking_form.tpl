{{%AUTOESCAPE context="HTML"}}
{{!-- /consultations/hold/<token>: the held time, how long it stays held, and the resident's
      details (portal/bookings/booking_form_pages). The form carries an idempotency key, so a
      second press books nothing more. --}}
<p class="booking-back"><a href="{{back_href}}">{{msg_booking_find_back}}</a></p>
<h1>{{msg_booking_form_title}}</h1>
<dl class="booking-facts">
  <dt>{{msg_booking_own_service}}</dt><dd>{{service}}</dd>
  <dt>{{msg_booking_own_when}}</dt><dd><time datetime="{{datetime}}">{{when}}</time></dd>
  <dt>{{msg_booking_own_how}}</dt><dd>{{how}}</dd>
</dl>
<p class="alert booking-hold">{{held}} <span class="booking-hold__remaining">{{remaining}}</span></p>
{{#SIGNED_IN}}
<p class="alert alert--ok">{{text}}</p>
{{/SIGNED_IN}}
{{>ERROR_SUMMARY}}
{{>BOOK_FORM}}

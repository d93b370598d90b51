{{%AUTOESCAPE context="HTML"}}
{{!-- /consultations/booking/<token>: the resident's own booking, from the link in their mail:
      what, when, with whom and how, and buttons to cancel it or choose another time. --}}
<h1>{{msg_booking_own_title}}</h1>
<p>{{msg_booking_own_intro}}</p>
{{#NOTICE}}
<div class="alert alert--{{kind}}" role="status"><p>{{text}}</p></div>
{{/NOTICE}}
<dl class="booking-facts">
  <dt>{{msg_booking_own_service}}</dt><dd>{{service}}</dd>
  <dt>{{msg_booking_own_when}}</dt><dd><time datetime="{{datetime}}">{{when}}</time></dd>
  <dt>{{msg_booking_own_official}}</dt><dd>{{official}}</dd>
  <dt>{{msg_booking_own_how}}</dt><dd>{{how}}</dd>
  <dt>{{msg_booking_own_state}}</dt><dd>{{state}}</dd>
</dl>
{{#CHANGE}}
<section class="booking-own__change" aria-labelledby="booking-reschedule-heading">
  <h2 id="booking-reschedule-heading">{{msg_booking_own_reschedule_heading}}</h2>
  <p><a class="button button--secondary" href="{{reschedule_href}}">{{msg_booking_own_reschedule_link}}</a></p>
</section>
<section class="booking-own__change" aria-labelledby="booking-cancel-heading">
  <h2 id="booking-cancel-heading">{{msg_booking_own_cancel_heading}}</h2>
  <p>{{msg_booking_own_cancel_intro}}</p>
  <form method="post" action="{{cancel_action}}" class="form">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <button type="submit" class="button button--secondary">{{msg_booking_own_cancel_submit}}</button>
  </form>
</section>
{{/CHANGE}}

{{%AUTOESCAPE context="HTML"}}
{{!-- An official's calendar feed (portal/bookings/booking_feed_page): the secret address their
      calendar program subscribes to, shown once when made; making a new one (the old one stops
      working) and revoking it. --}}
<h1>{{msg_booking_feed_title}}</h1>
{{>STAFF_NAV}}
<p class="lead">{{msg_booking_feed_intro}}</p>
{{#SAVED}}
<div class="alert alert--ok" role="status"><p>{{text}}</p></div>
{{/SAVED}}
{{>ERROR_SUMMARY}}
{{#NEW_URL}}
<section class="editor-section" aria-labelledby="booking-feed-new">
  <h2 id="booking-feed-new">{{msg_booking_feed_new_heading}}</h2>
  <p>{{msg_booking_feed_new_intro}}</p>
  <p class="booking-feed__url"><a href="{{url}}">{{url}}</a></p>
</section>
{{/NEW_URL}}
<section class="editor-section" aria-labelledby="booking-feed-state">
  <h2 id="booking-feed-state">{{msg_booking_feed_state_heading}}</h2>
{{#ACTIVE}}
  <p>{{text}}</p>
{{/ACTIVE}}
{{#NO_FEED}}
  <p>{{msg_booking_feed_none}}</p>
{{/NO_FEED}}
  <div class="button-row">
{{>CREATE_FORM}}
{{>REVOKE_FORM}}
  </div>
</section>

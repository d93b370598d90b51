{{%AUTOESCAPE context="HTML"}}
{{!-- One booking for its official (portal/bookings/booking_desk_page): when, what, who and how
      to reach them, the resident's note; marking it attended or a no-show, the official's
      private notes, and cancelling it with a message the resident is mailed. --}}
<h1 lang="{{topic_lang}}">{{topic}}</h1>
{{>STAFF_NAV}}
<p><a href="{{day_href}}">{{msg_booking_desk_back_to_day}}</a></p>
{{#SAVED}}
<div class="alert alert--ok" role="status"><p>{{text}}</p></div>
{{/SAVED}}
{{#REFUSED}}
<div class="alert alert--error" role="alert"><p>{{text}}</p></div>
{{/REFUSED}}
{{>ERROR_SUMMARY}}
<section class="editor-section" aria-labelledby="booking-details">
  <h2 id="booking-details">{{msg_booking_desk_details}}</h2>
  <dl class="facts booking-desk-facts">
    <dt>{{msg_booking_desk_when}}</dt><dd><time datetime="{{start_machine}}">{{when}}</time></dd>
    <dt>{{msg_booking_desk_mode}}</dt><dd>{{mode}}{{#PLACE}} · {{text}}{{/PLACE}}</dd>
    <dt>{{msg_booking_desk_state}}</dt><dd>{{state}}</dd>
    <dt>{{msg_booking_desk_resident}}</dt><dd>{{name}}</dd>
    <dt>{{msg_booking_desk_email}}</dt><dd><a href="mailto:{{email}}">{{email}}</a></dd>
{{#PHONE}}
    <dt>{{msg_booking_desk_phone}}</dt><dd><a href="tel:{{phone}}">{{phone}}</a></dd>
{{/PHONE}}
    <dt>{{msg_booking_desk_language}}</dt><dd>{{language}}</dd>
{{#NOTE}}
    <dt>{{msg_booking_desk_note}}</dt><dd>{{text}}</dd>
{{/NOTE}}
{{#CANCEL_MESSAGE}}
    <dt>{{msg_booking_desk_cancel_message}}</dt><dd>{{text}}</dd>
{{/CANCEL_MESSAGE}}
  </dl>
</section>
{{#MARK}}
<section class="editor-section" aria-labelledby="booking-mark">
  <h2 id="booking-mark" tabindex="-1">{{msg_booking_desk_mark_heading}}</h2>
  <div class="button-row">
{{>ATTENDED_FORM}}
{{>NO_SHOW_FORM}}
  </div>
</section>
{{/MARK}}
<section class="editor-section" aria-labelledby="booking-notes">
  <h2 id="booking-notes" tabindex="-1">{{msg_booking_desk_notes_heading}}</h2>
  <p>{{msg_booking_desk_notes_intro}}</p>
{{>NOTE_FORM}}
</section>
{{#CANCEL}}
<section class="editor-section" aria-labelledby="booking-cancel">
  <h2 id="booking-cancel" tabindex="-1">{{msg_booking_desk_cancel_heading}}</h2>
  <p>{{msg_booking_desk_cancel_intro}}</p>
{{>CANCEL_FORM}}
</section>
{{/CANCEL}}

{{%AUTOESCAPE context="HTML"}}
{{!-- One report for those who handle it (portal/reports/report_staff_pages): what was reported,
      by whom and where, the original words when the text was edited, the photos (a moderator
      hides or shows each), every update with the internal notes marked; then the forms: a
      public update with a state change, an internal note, and (moderators) the text edited. --}}
<h1 lang="{{lang}}">{{title}}</h1>
{{>STAFF_NAV}}
<p><a href="{{list_href}}">{{msg_report_staff_back_to_list}}</a></p>
{{#SAVED}}
<div class="alert alert--ok" role="status"><p>{{text}}</p></div>
{{/SAVED}}
{{#REFUSED}}
<div class="alert alert--error" role="alert"><p>{{text}}</p></div>
{{/REFUSED}}
{{>ERROR_SUMMARY}}
<section class="editor-section" aria-labelledby="report-staff-details">
  <h2 id="report-staff-details">{{msg_report_staff_details_heading}}</h2>
  <dl class="facts report-staff-facts">
    <dt>{{msg_report_staff_state}}</dt><dd>{{state}}{{#DUPLICATE_OF}} (<a href="{{href}}">#{{number}}</a>){{/DUPLICATE_OF}}</dd>
    <dt>{{msg_report_staff_category}}</dt><dd>{{category}}</dd>
    <dt>{{msg_report_staff_eldership}}</dt><dd>{{eldership}}</dd>
{{#ADDRESS}}
    <dt>{{msg_report_staff_address}}</dt><dd>{{text}}</dd>
{{/ADDRESS}}
    <dt>{{msg_report_staff_coordinates}}</dt><dd>{{coordinates}}</dd>
    <dt>{{msg_report_staff_reporter}}</dt><dd>{{reporter}}{{#ANONYMOUS}} ({{msg_report_staff_anonymous}}){{/ANONYMOUS}}</dd>
    <dt>{{msg_report_staff_email}}</dt><dd><a href="mailto:{{email}}">{{email}}</a></dd>
{{#API_KEY}}
    <dt>{{msg_report_staff_api_key}}</dt><dd>{{name}}</dd>
{{/API_KEY}}
    <dt>{{msg_report_staff_created}}</dt><dd><time datetime="{{created_machine}}">{{created}}</time></dd>
{{#PUBLIC}}
    <dt>{{msg_report_staff_public_page}}</dt><dd><a href="{{href}}">{{address}}</a></dd>
{{/PUBLIC}}
{{#ANSWER}}
    <dt>{{question}}</dt><dd>{{answer}}</dd>
{{/ANSWER}}
  </dl>
  <h3>{{msg_report_staff_text_heading}}</h3>
  <p class="report-staff-text" lang="{{lang}}">{{details}}</p>
{{#ORIGINAL}}
  <h3>{{msg_report_staff_original_heading}}</h3>
  <p><strong lang="{{lang}}">{{title}}</strong></p>
  <p class="report-staff-text" lang="{{lang}}">{{details}}</p>
{{/ORIGINAL}}
</section>
{{#PHOTOS}}
<section class="editor-section" aria-labelledby="report-staff-photos">
  <h2 id="report-staff-photos" tabindex="-1">{{msg_report_staff_photos_heading}}</h2>
  <ul class="report-staff-photos">
{{#PHOTO}}
    <li>
      <p>{{label}}{{#HIDDEN}} ({{msg_report_staff_photo_hidden}}){{/HIDDEN}}</p>
{{#IMAGE}}
      <a href="{{full_href}}"><img src="{{small_href}}" alt="{{label}}" width="240" loading="lazy"></a>
{{/IMAGE}}
{{>PHOTO_FORM}}
    </li>
{{/PHOTO}}
  </ul>
</section>
{{/PHOTOS}}
<section class="editor-section" aria-labelledby="report-staff-updates">
  <h2 id="report-staff-updates">{{msg_report_staff_updates_heading}}</h2>
{{#NO_UPDATES}}
  <p>{{msg_report_staff_no_updates}}</p>
{{/NO_UPDATES}}
{{#UPDATES}}
  <ol class="report-staff-updates">
{{#UPDATE}}
    <li class="report-staff-update{{#INTERNAL}} report-staff-update--internal{{/INTERNAL}}">
      <p><time datetime="{{when_machine}}">{{when}}</time> · {{author}}{{#INTERNAL}} · <strong>{{msg_report_staff_internal}}</strong>{{/INTERNAL}}</p>
{{#CHANGE}}
      <p>{{from}} → {{to}}{{#OF}} (#{{number}}){{/OF}}</p>
{{/CHANGE}}
{{#TEXT}}
      <p class="report-staff-text">{{text}}</p>
{{/TEXT}}
    </li>
{{/UPDATE}}
  </ol>
{{/UPDATES}}
</section>
<section class="editor-section" aria-labelledby="report-staff-update">
  <h2 id="report-staff-update" tabindex="-1">{{msg_report_staff_update_heading}}</h2>
  <p>{{msg_report_staff_update_intro}}</p>
{{>UPDATE_FORM}}
</section>
<section class="editor-section" aria-labelledby="report-staff-note">
  <h2 id="report-staff-note" tabindex="-1">{{msg_report_staff_note_heading}}</h2>
{{>NOTE_FORM}}
</section>
{{#EDIT}}
<section class="editor-section" aria-labelledby="report-staff-edit">
  <h2 id="report-staff-edit" tabindex="-1">{{msg_report_staff_edit_heading}}</h2>
  <p>{{msg_report_staff_edit_intro}}</p>
{{>EDIT_FORM}}
</section>
{{/EDIT}}

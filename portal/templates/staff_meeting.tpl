{{%AUTOESCAPE context="HTML"}}
{{!-- One meeting for editors: its details, its agenda in order and, for each item, its
      documents and decision (portal/council_editor). The decision's form is the number, the
      outcome, the text and the date; the voting feature adds the vote behind it (for, against,
      abstained, each member's vote) under the decision, from its own table. --}}
<p><a href="{{meetings_href}}">{{msg_meeting_back}}</a></p>
<h1>{{heading}}</h1>
{{>STAFF_NAV}}
<p class="lead">{{when}} · {{status}}</p>
{{#SAVED}}
<div class="alert alert--ok" role="status"><p>{{msg_editor_saved}}</p></div>
{{/SAVED}}
{{>ERROR_SUMMARY}}
<section class="editor-section" aria-labelledby="details">
  <h2 id="details">{{msg_meeting_details}}</h2>
  <details{{#MEETING_OPEN}} open{{/MEETING_OPEN}}>
    <summary>{{msg_meeting_edit}}</summary>
{{>MEETING_FORM}}
  </details>
</section>
<section class="editor-section" aria-labelledby="agenda">
  <h2 id="agenda">{{msg_agenda_title}}</h2>
{{#NO_ITEMS}}
  <p>{{msg_agenda_empty}}</p>
{{/NO_ITEMS}}
  <ol class="agenda-list">
{{#ITEM}}
    <li>
      <section class="agenda-item" id="item-{{item_id}}" aria-labelledby="item-{{item_id}}-heading">
        <h3 id="item-{{item_id}}-heading">{{number}}. {{title}}</h3>
{{#RAPPORTEUR}}
        <p>{{msg_field_rapporteur}}: {{name}}</p>
{{/RAPPORTEUR}}
        <div class="button-row">
{{>UP_FORM}}
{{>DOWN_FORM}}
        </div>
        <details{{#REMOVE_OPEN}} open{{/REMOVE_OPEN}}>
          <summary>{{msg_agenda_remove_summary}}</summary>
{{>REMOVE_FORM}}
        </details>
        <details{{#EDIT_OPEN}} open{{/EDIT_OPEN}}>
          <summary>{{edit_summary}}</summary>
{{>EDIT_FORM}}
        </details>
        <h4>{{msg_documents_title}}</h4>
{{#NO_DOCUMENTS}}
        <p>{{msg_documents_none}}</p>
{{/NO_DOCUMENTS}}
        <ul class="editor-list">
{{#DOCUMENT}}
          <li>{{title}}: {{file_name}} ({{size}}, {{uploaded}})
{{>DOCUMENT_REMOVE_FORM}}
          </li>
{{/DOCUMENT}}
        </ul>
        <details{{#UPLOAD_OPEN}} open{{/UPLOAD_OPEN}}>
          <summary>{{upload_summary}}</summary>
{{>UPLOAD_FORM}}
        </details>
        <h4>{{msg_decision_title}}</h4>
{{#NO_DECISION}}
        <p>{{msg_decision_none}}</p>
{{/NO_DECISION}}
{{#DECISION}}
        <p>{{msg_field_decision_number}}: {{number}} · {{outcome}} · {{date}}</p>
{{>DECISION_REMOVE_FORM}}
{{/DECISION}}
        <details{{#DECISION_OPEN}} open{{/DECISION_OPEN}}>
          <summary>{{decision_summary}}</summary>
{{>DECISION_FORM}}
        </details>
      </section>
    </li>
{{/ITEM}}
  </ol>
</section>
<section class="editor-section" aria-labelledby="item-new-heading">
  <h2 id="item-new-heading">{{msg_agenda_add}}</h2>
{{>ITEM_FORM}}
</section>

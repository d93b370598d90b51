{{%AUTOESCAPE context="HTML"}}
{{!-- The reports staff handle (portal/reports/report_staff_pages): filters by category, state,
      eldership, age and map area (a GET form, so a filtered list is an address to share), then
      the reports newest first, 50 to a page; administrators name each category's handlers. --}}
<h1>{{msg_report_staff_list_title}}</h1>
{{>STAFF_NAV}}
{{#SAVED}}
<div class="alert alert--ok" role="status"><p>{{text}}</p></div>
{{/SAVED}}
{{>ERROR_SUMMARY}}
{{#NO_CATEGORIES}}
<p>{{msg_report_staff_no_categories}}</p>
{{/NO_CATEGORIES}}
{{#FILTERS}}
<form class="form report-staff-filters" method="get" action="{{action}}">
  <div class="field">
    <label for="report-staff-category">{{msg_report_staff_filter_category}}</label>
    <select id="report-staff-category" name="category">
{{#ANY_CATEGORY}}
      <option value="">{{msg_report_staff_filter_any}}</option>
{{/ANY_CATEGORY}}
{{#CATEGORY}}
      <option value="{{value}}"{{#SELECTED}} selected{{/SELECTED}}>{{label}}</option>
{{/CATEGORY}}
    </select>
  </div>
  <div class="field">
    <label for="report-staff-state">{{msg_report_staff_filter_state}}</label>
    <select id="report-staff-state" name="state">
      <option value="">{{msg_report_staff_filter_any}}</option>
{{#STATE}}
      <option value="{{value}}"{{#SELECTED}} selected{{/SELECTED}}>{{label}}</option>
{{/STATE}}
    </select>
  </div>
  <div class="field">
    <label for="report-staff-eldership">{{msg_report_staff_filter_eldership}}</label>
    <select id="report-staff-eldership" name="eldership">
      <option value="">{{msg_report_staff_filter_any}}</option>
{{#ELDERSHIP}}
      <option value="{{value}}"{{#SELECTED}} selected{{/SELECTED}}>{{label}}</option>
{{/ELDERSHIP}}
    </select>
  </div>
  <div class="field">
    <label for="report-staff-age">{{msg_report_staff_filter_age}}</label>
    <select id="report-staff-age" name="age">
      <option value="">{{msg_report_staff_filter_any}}</option>
{{#AGE}}
      <option value="{{value}}"{{#SELECTED}} selected{{/SELECTED}}>{{label}}</option>
{{/AGE}}
    </select>
  </div>
  <div class="field">
    <label for="report-staff-area">{{msg_report_staff_filter_area}}</label>
    <p class="field__hint" id="report-staff-area-hint">{{msg_report_staff_filter_area_hint}}</p>
    <input id="report-staff-area" name="area" type="text" value="{{area}}" inputmode="decimal" aria-describedby="report-staff-area-hint">
  </div>
  <button type="submit" class="button">{{msg_report_staff_filter_submit}}</button>
</form>
<p class="lead" role="status">{{count}}</p>
{{#NONE}}
<p>{{msg_report_staff_list_empty}}</p>
{{/NONE}}
{{#TABLE}}
<div class="table-scroll" role="region" aria-labelledby="report-staff-table-caption" tabindex="0">
<table class="data-table">
  <caption id="report-staff-table-caption">{{msg_report_staff_list_caption}}</caption>
  <thead>
    <tr><th scope="col">{{msg_report_staff_col_number}}</th><th scope="col">{{msg_report_staff_col_title}}</th><th scope="col">{{msg_report_staff_col_category}}</th><th scope="col">{{msg_report_staff_col_eldership}}</th><th scope="col">{{msg_report_staff_col_state}}</th><th scope="col">{{msg_report_staff_col_created}}</th></tr>
  </thead>
  <tbody>
{{#REPORT}}
    <tr><td>{{number}}</td><td><a href="{{href}}">{{title}}</a></td><td>{{category}}</td><td>{{eldership}}</td><td>{{state}}</td><td><time datetime="{{created_machine}}">{{created}}</time></td></tr>
{{/REPORT}}
  </tbody>
</table>
</div>
{{/TABLE}}
{{#PAGER}}
<nav class="report-staff-pager" aria-label="{{msg_report_staff_pager_label}}">
  <p>{{text}}</p>
  <ul>
{{#PREVIOUS}}
    <li><a href="{{href}}" rel="prev">{{msg_report_staff_previous}}</a></li>
{{/PREVIOUS}}
{{#NEXT}}
    <li><a href="{{href}}" rel="next">{{msg_report_staff_next}}</a></li>
{{/NEXT}}
  </ul>
</nav>
{{/PAGER}}
{{/FILTERS}}
{{#HANDLERS}}
<section class="editor-section" aria-labelledby="report-staff-handlers">
  <h2 id="report-staff-handlers">{{msg_report_staff_handlers_heading}}</h2>
  <p>{{msg_report_staff_handlers_intro}}</p>
{{#HANDLER_CATEGORY}}
  <h3>{{name}}</h3>
{{#NOBODY}}
  <p>{{msg_report_staff_handlers_nobody}}</p>
{{/NOBODY}}
{{>HANDLERS_FORM}}
{{/HANDLER_CATEGORY}}
</section>
{{/HANDLERS}}

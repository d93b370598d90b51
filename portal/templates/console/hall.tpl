{{%AUTOESCAPE context="HTML"}}
{{!-- The operator's console (portal/console/console_page): per channel the broadcast, the
      recording of the meeting live on it, the programme and each camera with its preview and
      state. Every action is a POST form that comes back here (303); console.js refreshes the
      previews and the blocks marked data-console-live from this page. --}}
<h1>{{heading}}</h1>
{{>STAFF_NAV}}
{{#ERROR}}
<div class="alert alert--error" role="alert"><p>{{text}}</p></div>
{{/ERROR}}
{{#CHANNEL}}
<section class="editor-section console" id="hall-{{channel}}" aria-labelledby="hall-{{channel}}-heading">
  <h2 id="hall-{{channel}}-heading">{{title}}</h2>
{{#OUTCOME_OK}}
  <div class="alert alert--ok" role="status"><p>{{text}}</p></div>
{{/OUTCOME_OK}}
{{#OUTCOME_WARNING}}
  <div class="alert alert--error" role="alert"><p>{{text}}</p></div>
{{/OUTCOME_WARNING}}
  <form method="post" action="{{broadcast_action}}" class="button-row" id="hall-{{channel}}-broadcast" data-console-live>
    <input type="hidden" name="csrf" value="{{csrf}}">
    <input type="hidden" name="channel" value="{{channel}}">
    <input type="hidden" name="on" value="{{broadcast_on}}">
    <p><strong>{{broadcast_state}}</strong></p>
    <button type="submit" class="button">{{broadcast_label}}</button>
  </form>
  <div id="hall-{{channel}}-recording" data-console-live>
{{#NO_MEETING}}
    <p>{{msg_console_recording_no_meeting}}</p>
{{/NO_MEETING}}
{{#RECORDING}}
    <form method="post" action="{{recording_action}}" class="button-row">
      <input type="hidden" name="csrf" value="{{csrf}}">
      <input type="hidden" name="channel" value="{{channel}}">
      <input type="hidden" name="on" value="{{on}}">
      <p><strong>{{state}}</strong></p>
      <button type="submit" class="button">{{label}}</button>
    </form>
{{/RECORDING}}
  </div>
  <h3>{{msg_console_hall_programme}}</h3>
  <div class="console__programme">
    <img class="console__preview" data-console-preview src="{{programme_preview}}" alt="{{msg_console_hall_programme_alt}}" width="320" height="180">
    <div id="hall-{{channel}}-state" data-console-live aria-live="polite">
{{#NO_STATUS}}
      <p>{{msg_console_hall_no_status}}</p>
{{/NO_STATUS}}
{{#ON_SLATE}}
      <p class="console__warning"><strong>{{msg_console_hall_on_slate}}</strong></p>
{{/ON_SLATE}}
{{#PIP_SHOWN}}
      <p>{{msg_console_hall_pip_shown}}</p>
{{/PIP_SHOWN}}
{{#MUTED}}
      <p class="console__warning"><strong>{{msg_console_hall_muted}}</strong></p>
{{/MUTED}}
{{#LEVEL}}
      <p><label for="hall-{{channel}}-level">{{msg_console_hall_level}}</label>
        <meter id="hall-{{channel}}-level" min="{{level_min}}" max="0" low="-40" high="-6" optimum="-18" value="{{level}}">{{level_text}}</meter>
        {{level_text}}</p>
{{/LEVEL}}
{{#SILENCE}}
      <p class="console__warning" role="alert">{{text}}</p>
{{/SILENCE}}
    </div>
  </div>
  <div class="button-row" id="hall-{{channel}}-controls" data-console-live>
{{#PIP}}
    <form method="post" action="{{command_action}}"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="channel" value="{{channel}}"><input type="hidden" name="kind" value="{{kind}}"><input type="hidden" name="on" value="{{on}}"><button type="submit" class="button">{{label}}</button></form>
{{/PIP}}
{{#SLATE}}
    <form method="post" action="{{command_action}}"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="channel" value="{{channel}}"><input type="hidden" name="kind" value="{{kind}}"><input type="hidden" name="on" value="{{on}}"><button type="submit" class="button">{{label}}</button></form>
{{/SLATE}}
{{#MUTE}}
    <form method="post" action="{{command_action}}"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="channel" value="{{channel}}"><input type="hidden" name="kind" value="{{kind}}"><input type="hidden" name="on" value="{{on}}"><button type="submit" class="button">{{label}}</button></form>
{{/MUTE}}
  </div>
  <h3>{{msg_console_hall_cameras}}</h3>
  <ul class="console__cameras">
{{#CAMERA}}
    <li class="console__camera" id="hall-{{channel}}-camera-{{camera}}">
      <h4>{{camera_title}}</h4>
      <img class="console__preview" data-console-preview src="{{preview}}" alt="{{preview_alt}}" width="320" height="180">
      <p id="hall-{{channel}}-camera-{{camera}}-state" data-console-live>{{#PROGRAM}}<strong>{{msg_console_hall_program_marker}}</strong> · {{/PROGRAM}}{{state}}{{#FPS}} · {{fps}}{{/FPS}}{{#REASON}} · {{reason}}{{/REASON}}</p>
      <div class="button-row" id="hall-{{channel}}-camera-{{camera}}-controls" data-console-live>
        <form method="post" action="{{command_action}}"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="channel" value="{{channel}}"><input type="hidden" name="kind" value="cut"><input type="hidden" name="camera" value="{{camera}}"><button type="submit" class="button"{{#PROGRAM}} aria-pressed="true"{{/PROGRAM}}>{{cut_label}}</button></form>
        <form method="post" action="{{command_action}}"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="channel" value="{{channel}}"><input type="hidden" name="kind" value="unplug"><input type="hidden" name="camera" value="{{camera}}"><input type="hidden" name="on" value="{{unplug_on}}"><button type="submit" class="button button--secondary">{{unplug_label}}</button></form>
      </div>
    </li>
{{/CAMERA}}
  </ul>
</section>
{{/CHANNEL}}

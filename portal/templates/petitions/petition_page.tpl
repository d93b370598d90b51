{{%AUTOESCAPE context="HTML"}}
{{!-- One petition: its state, count and progress, the link to sign it, its text, where its
      signatures come from (a table, and bars drawn as inline SVG so they need no script or
      inline style), the answer or the rejection, and how to share it. --}}
<p class="petition-back"><a href="{{list_href}}">{{msg_petition_list_title}}</a></p>
<article class="petition" aria-labelledby="petition-title">
<h1 id="petition-title" lang="{{title_lang}}">{{title}}</h1>
{{#HIDDEN}}
<section class="notice notice--warning petition-notice" aria-labelledby="petition-hidden">
  <h2 id="petition-hidden">{{msg_petition_page_hidden_heading}}</h2>
  <p>{{msg_petition_page_hidden_text}}</p>
{{#REASON}}
  <p>{{msg_petition_page_rejected_reason}}: {{text}}</p>
{{/REASON}}
</section>
{{/HIDDEN}}
{{#SHOWN}}
<dl class="facts petition__facts">
  <dt>{{msg_petition_page_state}}</dt><dd><span class="petition-state petition-state--{{state_class}}">{{state}}</span></dd>
  <dt>{{msg_petition_page_by}}</dt><dd>{{creator}}</dd>
{{#OPENED}}
  <dt>{{msg_petition_page_opened}}</dt><dd><time datetime="{{datetime}}">{{date}}</time></dd>
{{/OPENED}}
{{#CLOSES}}
  <dt>{{msg_petition_page_closes}}</dt><dd><time datetime="{{datetime}}">{{date}}</time></dd>
{{/CLOSES}}
{{#CLOSED}}
  <dt>{{msg_petition_page_closed}}</dt><dd><time datetime="{{datetime}}">{{date}}</time></dd>
{{/CLOSED}}
</dl>
{{#REJECTED}}
<section class="notice petition-notice" aria-labelledby="petition-rejected">
  <h2 id="petition-rejected">{{msg_petition_page_rejected_heading}}</h2>
  <p>{{msg_petition_page_rejected_reason}}: {{reason}}</p>
{{#TEXT}}
  <p>{{text}}</p>
{{/TEXT}}
{{#DUPLICATE}}
  <p>{{msg_petition_page_duplicate_of}} <a href="{{href}}" lang="{{title_lang}}">{{title}}</a></p>
{{/DUPLICATE}}
</section>
{{/REJECTED}}
{{#STOPPED}}
<section class="notice petition-notice" aria-labelledby="petition-stopped">
  <h2 id="petition-stopped">{{msg_petition_page_stopped_heading}}</h2>
  <p>{{text}}</p>
</section>
{{/STOPPED}}
{{#COUNTED}}
{{>COUNT}}
{{#SIGN}}
<p class="petition__sign"><a class="button" href="{{href}}">{{msg_petition_page_sign}}</a></p>
<p class="petition__note">{{msg_petition_page_counts_note}}</p>
{{/SIGN}}
{{#NOT_SIGNING}}
<p class="petition__note">{{msg_petition_page_not_signing}}</p>
{{/NOT_SIGNING}}
{{/COUNTED}}
{{#RESPONSE}}
<section class="petition-response" aria-labelledby="petition-response">
  <h2 id="petition-response">{{msg_petition_page_response_heading}}</h2>
  <p class="petition-response__meta">{{msg_petition_page_answered_on}}: <time datetime="{{datetime}}">{{date}}</time></p>
{{#PARAGRAPH}}
  <p>{{text}}</p>
{{/PARAGRAPH}}
{{#MEETING}}
  <p>{{msg_petition_page_meeting}}: <a href="{{href}}">{{title}}</a></p>
{{/MEETING}}
{{#DECISION}}
  <p>{{msg_petition_page_decision}}: {{text}}</p>
{{/DECISION}}
</section>
{{/RESPONSE}}
<section class="petition__text" aria-labelledby="petition-text">
  <h2 id="petition-text">{{msg_petition_page_text_heading}}</h2>
{{#PARAGRAPH}}
  <p lang="{{text_lang}}">{{text}}</p>
{{/PARAGRAPH}}
</section>
{{#ELDERSHIPS}}
<section class="petition-elderships" aria-labelledby="petition-elderships">
  <h2 id="petition-elderships">{{msg_petition_page_elderships_heading}}</h2>
{{#NONE}}
  <p>{{msg_petition_page_no_signatures}}</p>
{{/NONE}}
{{#SOME}}
  <ul class="petition-bars" aria-hidden="true">
{{#BAR}}
    <li class="petition-bars__row"><span class="petition-bars__name">{{name}}</span><svg class="petition-bars__bar" viewBox="0 0 100 10" preserveAspectRatio="none" focusable="false"><rect width="{{width}}" height="10"></rect></svg><span class="petition-bars__count">{{count}}</span></li>
{{/BAR}}
  </ul>
  <table class="data-table petition-table">
    <caption>{{msg_petition_page_elderships_caption}}</caption>
    <thead><tr><th scope="col">{{msg_petition_page_eldership}}</th><th scope="col">{{msg_petition_page_count}}</th><th scope="col">{{msg_petition_page_share}}</th></tr></thead>
    <tbody>
{{#ROW}}
      <tr><th scope="row">{{name}}</th><td>{{count}}</td><td>{{share}}</td></tr>
{{/ROW}}
    </tbody>
  </table>
{{/SOME}}
</section>
{{/ELDERSHIPS}}
<section class="petition-sharing" aria-labelledby="petition-sharing">
  <h2 id="petition-sharing">{{msg_petition_page_share_heading}}</h2>
  <label for="petition-address">{{msg_petition_page_share_label}}</label>
  <input id="petition-address" class="petition-sharing__address" type="url" readonly value="{{share_url}}">
{{#EMBED_CODE}}
  <details class="embed-code">
    <summary>{{msg_petition_page_embed_summary}}</summary>
    <p>{{msg_petition_page_embed_hint}}</p>
    <label for="embed-code-petition">{{msg_petition_page_embed_label}}</label>
    <textarea id="embed-code-petition" readonly rows="4">{{code}}</textarea>
  </details>
{{/EMBED_CODE}}
</section>
{{/SHOWN}}
</article>

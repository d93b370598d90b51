{{%AUTOESCAPE context="HTML"}}
{{!-- A petition's count, the thresholds it reached and its progress to the next, on its page
      and in its widget: a <progress> with the same figures in words, so it needs no colour,
      script or style. --}}
<div class="petition-count">
  <p class="petition-count__total" id="petition-count-{{id}}">{{signatures}}</p>
{{#REACHED}}
  <p class="petition-count__reached">{{text}}</p>
{{/REACHED}}
{{#TO_NEXT}}
  <progress class="petition-count__progress" max="{{threshold}}" value="{{value}}" aria-labelledby="petition-count-{{id}} petition-next-{{id}}">{{value}} / {{threshold}}</progress>
  <p class="petition-count__next" id="petition-next-{{id}}">{{text}}</p>
{{/TO_NEXT}}
</div>

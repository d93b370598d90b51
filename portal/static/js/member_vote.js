// The council member's page (/vote) with JavaScript: a ballot goes with fetch instead of a page
// load, carrying an idempotency key made for that click and kept in sessionStorage, so a retry
// after a dropped connection (or a reload while one was pending) counts once; network failures
// and busy answers are retried with backoff, and the live region says whether the vote counted.
// The page follows the meeting's event stream: when a vote opens or closes, the ballot part is
// fetched again (the page itself, as the server draws it). Without EventSource, or when the
// stream is refused, the page is polled while it is visible. Texts come from data attributes.
'use strict';

(function () {
    var kPendingKey = 'councilcast.pending-ballot';
    var kPollMs = 5000;
    var kFirstRetryMs = 500;
    var kMaxRetryMs = 15000;

    var sitting = document.getElementById('sitting');
    if (!sitting || !window.fetch || !window.URLSearchParams) return;
    var ack = document.getElementById('ballot-ack');
    var region = document.getElementById('ballot-region');
    var heading = document.getElementById('ballot-heading');
    var voteId = sitting.getAttribute('data-vote-id');
    var voteOpen = voteId !== '';
    var pollTimer = null;
    var polling = false;

    function text(name) {
        return sitting.getAttribute('data-text-' + name) || '';
    }

    function say(message) {
        ack.textContent = message;
    }

    function newKey() {
        var bytes = new Uint8Array(18);
        window.crypto.getRandomValues(bytes);
        var key = '';
        for (var i = 0; i < bytes.length; ++i) key += ('0' + bytes[i].toString(16)).slice(-2);
        return key;
    }

    function remember(pending) {
        try {
            if (pending) sessionStorage.setItem(kPendingKey, JSON.stringify(pending));
            else sessionStorage.removeItem(kPendingKey);
        } catch (error) { /* private mode: retries still work within this page */ }
    }

    function recalled() {
        try { return JSON.parse(sessionStorage.getItem(kPendingKey) || 'null'); }
        catch (error) { return null; }
    }

    function markCurrent(choice) {
        var buttons = region.querySelectorAll('.ballot-button');
        for (var i = 0; i < buttons.length; ++i) {
            var current = buttons[i].value === choice;
            buttons[i].classList.toggle('ballot-button--current', current);
        }
    }

    // One ballot until the server answers: a 2xx or a refusal ends it, anything else is retried.
    function send(pending, attempt) {
        var body = new URLSearchParams();
        body.set('csrf', pending.csrf);
        body.set('meeting_id', pending.meeting);
        body.set('vote_id', pending.vote);
        body.set('key', pending.key);
        body.set('choice', pending.choice);
        say(attempt === 0 ? text('sending') : text('retrying'));
        fetch(pending.action, {
            method: 'POST',
            body: body,
            credentials: 'same-origin',
            headers: { Accept: 'application/json' }
        }).then(function (response) {
            if (response.status >= 500 || response.status === 429) throw new Error('busy');
            return response.json().catch(function () { return {}; }).then(function (data) {
                remember(null);
                if (response.ok) {
                    say(data.text || '');
                    markCurrent(pending.choice);
                } else {
                    say(data.error || text('failed'));
                }
            });
        }).catch(function () {
            var wait = Math.min(kMaxRetryMs, kFirstRetryMs * Math.pow(2, attempt));
            say(text('retrying'));
            setTimeout(function () { send(pending, attempt + 1); }, wait + Math.random() * 250);
        });
    }

    function wire() {
        var form = region.querySelector('form.ballot-form');
        if (!form) return;
        var buttons = form.querySelectorAll('.ballot-button');
        for (var i = 0; i < buttons.length; ++i) {
            buttons[i].addEventListener('click', function (event) {
                event.preventDefault();
                var pending = {
                    action: form.getAttribute('action'),
                    csrf: form.elements.csrf.value,
                    meeting: form.elements.meeting_id.value,
                    vote: form.elements.vote_id.value,
                    choice: this.value,
                    key: newKey()
                };
                remember(pending);
                send(pending, 0);
            });
        }
    }

    // The ballot part as the server draws it now, after a vote opened or closed.
    function refresh(announce) {
        // The page's own address: after a refused form the window shows the form's.
        var page = sitting.getAttribute('data-page');
        fetch(page + '?meeting=' + sitting.getAttribute('data-meeting-id'), {
            credentials: 'same-origin',
            cache: 'no-store'
        }).then(function (response) {
            return response.ok ? response.text() : null;
        }).then(function (html) {
            if (!html) return;
            var page = new DOMParser().parseFromString(html, 'text/html');
            var fresh = page.getElementById('ballot-region');
            var freshSitting = page.getElementById('sitting');
            if (!fresh || !freshSitting) return;
            var focused = region.contains(document.activeElement);
            var nextId = freshSitting.getAttribute('data-vote-id');
            var changed = nextId !== voteId;
            region.innerHTML = fresh.innerHTML;
            wire();
            if (changed) {
                if (nextId !== '') say(text('opened'));
                else if (announce || voteOpen) say(text('closed'));
            }
            voteId = nextId;
            voteOpen = nextId !== '';
            if (focused) heading.focus();
        }).catch(function () {});
    }

    function poll() {
        clearTimeout(pollTimer);
        if (document.hidden) return;
        refresh(false);
        pollTimer = setTimeout(poll, kPollMs);
    }

    function startPolling() {
        if (polling) return;
        polling = true;
        document.addEventListener('visibilitychange', poll);
        pollTimer = setTimeout(poll, kPollMs);
    }

    function follow() {
        var source = new EventSource(sitting.getAttribute('data-events'));
        source.addEventListener('open', function () { refresh(false); });
        source.addEventListener('reset', function () { refresh(false); });
        source.addEventListener('vote', function (event) {
            var vote = null;
            try { vote = JSON.parse(event.data); } catch (error) { return; }
            var id = String(vote.id);
            var opened = vote.status === 'open' && id !== voteId;
            var closed = vote.status !== 'open' && id === voteId;
            if (opened || closed) refresh(closed);
        });
        source.addEventListener('error', function () {
            if (source.readyState === EventSource.CLOSED) startPolling();
        });
    }

    wire();
    // A ballot this tab sent before a reload and never heard back about goes again, same key.
    var pending = recalled();
    if (pending && pending.vote === voteId) send(pending, 0);
    else if (pending) remember(null);

    if (window.EventSource) follow();
    else startPolling();
})();

// Keeps an open meeting page current without reloading: its status ("planned" to "live" to
// "ended") and, when the broadcast starts or decisions are published, a notice with a link that
// reloads the page to show them. The page works without this; texts come from data attributes
// the server filled in the page's language. Follows the meeting's event stream
// (/api/v1/meetings/<id>/events), whose "meeting" events carry the same record as the open-data
// API; where EventSource is missing or the stream cannot be had, polls that API instead,
// revalidating with the ETag (a 304 costs next to nothing), and only while the page is visible.
'use strict';

(function () {
    var kPollMs = 15000;

    var meeting = document.querySelector('[data-meeting-api]');
    if (!meeting || !window.fetch) return;
    var statusElement = document.getElementById('meeting-status');
    var notice = document.getElementById('meeting-notice');
    var status = meeting.getAttribute('data-status');
    var decisions = Number(meeting.getAttribute('data-decisions'));
    var timer = null;
    var polling = false;

    function text(name) {
        return meeting.getAttribute('data-text-' + name) || '';
    }

    function announce(message) {
        if (!notice) return;
        notice.textContent = message + ' ';
        var reload = document.createElement('a');
        reload.href = window.location.pathname;
        reload.textContent = text('reload');
        notice.appendChild(reload);
    }

    function apply(data) {
        if (data.status && data.status !== status) {
            status = data.status;
            if (statusElement) {
                statusElement.textContent = text(status);
                statusElement.className = 'status status--' + status;
            }
            announce(status === 'live' && data.broadcast ? text('started') : text('changed'));
        }
        var published = (data.agenda || []).filter(function (item) { return item.decision; }).length;
        if (published > decisions) {
            decisions = published;
            announce(text('decisions'));
        }
    }

    function poll() {
        fetch(meeting.getAttribute('data-meeting-api'), { cache: 'no-cache' })
            .then(function (response) { return response.ok ? response.json() : null; })
            .then(function (data) { if (data) apply(data); })
            .catch(function () {})
            .then(schedule);
    }

    function schedule() {
        clearTimeout(timer);
        if (!document.hidden) timer = setTimeout(poll, kPollMs);
    }

    function startPolling() {
        if (polling) return;
        polling = true;
        document.addEventListener('visibilitychange', function () {
            if (document.hidden) clearTimeout(timer);
            else poll();
        });
        schedule();
    }

    // One request for the record as it is now: when the stream opens (a change may have come
    // between the page and the stream) and when the server no longer keeps what this page missed.
    function refresh() {
        fetch(meeting.getAttribute('data-meeting-api'), { cache: 'no-cache' })
            .then(function (response) { return response.ok ? response.json() : null; })
            .then(function (data) { if (data) apply(data); })
            .catch(function () {});
    }

    function follow() {
        var source = new EventSource(meeting.getAttribute('data-meeting-api') + '/events');
        // vote_live.js follows the same stream's "vote" events rather than opening another.
        window.councilcastMeetingEvents = source;
        source.addEventListener('open', refresh);
        source.addEventListener('reset', refresh);
        source.addEventListener('meeting', function (event) {
            var data = null;
            try { data = JSON.parse(event.data); } catch (error) { return; }
            apply(data);
        });
        // The browser reconnects by itself after a dropped connection; CLOSED means the stream
        // was refused (a proxy that does not pass it, say), so polling takes over.
        source.addEventListener('error', function () {
            if (source.readyState === EventSource.CLOSED) startPolling();
        });
    }

    if (window.EventSource) follow();
    else startPolling();
})();

// Keeps an open meeting page current without reloading: its status ("planned" to "live" to
// "ended") and, when the broadcast starts or decisions are published, a notice with a link that
// reloads the page to show them. The page works without this; texts come from data attributes
// the server filled in the page's language. Polls the open-data API, revalidating with the
// ETag (a 304 costs next to nothing), and only while the page is visible.
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

    document.addEventListener('visibilitychange', function () {
        if (document.hidden) clearTimeout(timer);
        else poll();
    });
    schedule();
})();

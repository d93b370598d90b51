// The free times of a consultation as a month grid (portal/templates/
// booking_find_times.tpl). Without this script the page is a plain list of days, each with its
// times; with it, a grid of the weeks those days fall in sits above the list, each day with free
// times a button, and the list shows the chosen day alone. Dates are the server's
// ("2026-12-07", the municipality's calendar day) and reckoned in UTC here, so the device's own
// time zone never moves a day. Keyboard: Tab reaches each day's button; the arrow keys move by
// day and week between days with times; Enter or Space shows the day and moves to its times.
'use strict';

(function () {
    var kDayMs = 24 * 3600 * 1000;

    function parseDay(text) {
        var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || '');
        return parts ? Date.UTC(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3])) : NaN;
    }

    function isoDay(ms) {
        return new Date(ms).toISOString().slice(0, 10);
    }

    // Monday first, as Lithuanian and British calendars are.
    function weekday(ms) {
        return (new Date(ms).getUTCDay() + 6) % 7;
    }

    function formatter(options) {
        var language = document.documentElement.lang || 'lt';
        options.timeZone = 'UTC';
        try {
            return new Intl.DateTimeFormat(language, options);
        } catch (e) {
            return { format: function (date) { return date.toISOString().slice(0, 10); } };
        }
    }

    function build(container) {
        var sections = container.querySelectorAll('.booking-day[data-date]');
        if (sections.length === 0) return;
        var days = {};
        var first = Infinity;
        var last = -Infinity;
        for (var i = 0; i < sections.length; ++i) {
            var ms = parseDay(sections[i].getAttribute('data-date'));
            if (isNaN(ms)) return;
            days[ms] = sections[i];
            first = Math.min(first, ms);
            last = Math.max(last, ms);
        }
        var start = first - weekday(first) * kDayMs;
        var end = last + (6 - weekday(last)) * kDayMs;

        var table = document.createElement('table');
        table.className = 'booking-grid';
        var caption = document.createElement('caption');
        var month = formatter({ year: 'numeric', month: 'long' });
        var firstMonth = month.format(new Date(first));
        var lastMonth = month.format(new Date(last));
        caption.textContent = firstMonth === lastMonth ? firstMonth : firstMonth + ' – ' + lastMonth;
        table.appendChild(caption);
        table.setAttribute('aria-label', container.getAttribute('data-grid-label') || '');

        var head = document.createElement('thead');
        var headRow = document.createElement('tr');
        var shortName = formatter({ weekday: 'short' });
        var longName = formatter({ weekday: 'long' });
        for (var d = 0; d < 7; ++d) {
            var th = document.createElement('th');
            th.scope = 'col';
            var sample = new Date(start + d * kDayMs);
            var abbr = document.createElement('abbr');
            abbr.title = longName.format(sample);
            abbr.textContent = shortName.format(sample);
            th.appendChild(abbr);
            headRow.appendChild(th);
        }
        head.appendChild(headRow);
        table.appendChild(head);

        var body = document.createElement('tbody');
        var buttons = [];
        var row;
        for (var day = start; day <= end; day += kDayMs) {
            if (weekday(day) === 0) {
                row = document.createElement('tr');
                body.appendChild(row);
            }
            var cell = document.createElement('td');
            var number = String(new Date(day).getUTCDate());
            if (days[day]) {
                var button = document.createElement('button');
                button.type = 'button';
                button.className = 'booking-grid__day';
                button.textContent = number;
                button.setAttribute('aria-label', days[day].getAttribute('data-label') || number);
                button.setAttribute('aria-pressed', 'false');
                button.setAttribute('data-day', String(day));
                buttons.push(button);
                cell.appendChild(button);
            } else {
                cell.className = 'booking-grid__none';
                cell.textContent = number;
            }
            row.appendChild(cell);
        }
        table.appendChild(body);

        function show(button, moveFocus) {
            var chosen = Number(button.getAttribute('data-day'));
            for (var j = 0; j < buttons.length; ++j) {
                var same = buttons[j] === button;
                buttons[j].setAttribute('aria-pressed', same ? 'true' : 'false');
                buttons[j].tabIndex = same ? 0 : -1;
                days[buttons[j].getAttribute('data-day')].hidden = !same;
            }
            if (moveFocus) {
                var firstTime = days[chosen].querySelector('button');
                if (firstTime) firstTime.focus();
            }
        }

        // The nearest day with times from `from` in steps of `step` days, or none.
        function nearest(from, step) {
            for (var at = from + step * kDayMs; at >= start && at <= end; at += step * kDayMs) {
                if (days[at]) return body.querySelector('button[data-day="' + at + '"]');
            }
            return null;
        }

        body.addEventListener('click', function (event) {
            var button = event.target.closest('button[data-day]');
            if (button) show(button, true);
        });
        body.addEventListener('keydown', function (event) {
            var button = event.target.closest('button[data-day]');
            if (!button) return;
            var steps = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };
            var step = steps[event.key];
            if (!step) return;
            var next = nearest(Number(button.getAttribute('data-day')), step);
            if (!next) next = nearest(Number(button.getAttribute('data-day')), step > 0 ? 1 : -1);
            if (next) {
                event.preventDefault();
                button.tabIndex = -1;
                next.tabIndex = 0;
                next.focus();
            }
        });

        var intro = container.querySelector('h2 + p') || container.querySelector('h2');
        intro.parentNode.insertBefore(table, intro.nextSibling);
        show(buttons[0], false);
    }

    var containers = document.querySelectorAll('[data-booking-times]');
    for (var c = 0; c < containers.length; ++c) build(containers[c]);
})();

// A vote's closing time ticking down where the page shows it: after each <time data-closes>
// (milliseconds since 1970), the time left as "Liko 0:42" (the label from its data-text-left),
// once a second. Screen readers read the closing time itself: the ticking is hidden from them,
// so it does not talk over the vote. Parts of the page drawn again later tick too.
'use strict';

(function () {
    var kTickMs = 1000;

    function clock(seconds) {
        var minutes = Math.floor(seconds / 60);
        var rest = seconds % 60;
        return minutes + ':' + (rest < 10 ? '0' : '') + rest;
    }

    function tick() {
        var times = document.querySelectorAll('time[data-closes]');
        for (var i = 0; i < times.length; ++i) {
            var time = times[i];
            var closes = Number(time.getAttribute('data-closes'));
            if (!(closes > 0)) continue;
            var shown = time.nextElementSibling;
            if (!shown || !shown.classList.contains('countdown')) {
                shown = document.createElement('span');
                shown.className = 'countdown';
                shown.setAttribute('aria-hidden', 'true');
                time.parentNode.insertBefore(shown, time.nextSibling);
            }
            var left = Math.max(0, Math.ceil((closes - Date.now()) / 1000));
            shown.textContent = ' (' + (time.getAttribute('data-text-left') || '') + ' ' +
                clock(left) + ')';
        }
    }

    tick();
    window.setInterval(tick, kTickMs);
})();

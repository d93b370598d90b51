// The annotation page (recordings/annotation.tpl): a "mark here" button beside every time field
// that fills in the player's current time, and the timeline list drawn as a bar. Without this
// script the editor types the times; the list says everything the bar shows.
'use strict';

(function () {
    // "1:02:03.5": what the page's forms read (portal/recordings/media_time_text).
    function timeText(seconds) {
        var totalMs = Math.max(0, Math.round(seconds * 1000));
        var whole = Math.floor(totalMs / 1000);
        var ms = totalMs % 1000;
        var pad = function (n) { return (n < 10 ? '0' : '') + n; };
        var text = whole >= 3600
            ? Math.floor(whole / 3600) + ':' + pad(Math.floor(whole / 60) % 60) + ':' +
                pad(whole % 60)
            : Math.floor(whole / 60) + ':' + pad(whole % 60);
        if (ms !== 0) text += '.' + String(1000 + ms).slice(1).replace(/0+$/, '');
        return text;
    }

    function addMarkButtons(root, video) {
        var label = root.getAttribute('data-mark-text');
        var fields = root.querySelectorAll('input[name="at"], input[name="from"], input[name="to"]');
        Array.prototype.forEach.call(fields, function (field) {
            var button = document.createElement('button');
            button.type = 'button';
            button.className = 'button button--small annotation__mark';
            button.textContent = label;
            // The field's label names which time the button fills in.
            var fieldLabel = root.querySelector('label[for="' + field.id + '"]');
            if (fieldLabel) button.setAttribute('aria-label', label + ': ' + fieldLabel.textContent.trim());
            button.addEventListener('click', function () {
                field.value = timeText(video.currentTime || 0);
                field.focus();
            });
            field.insertAdjacentElement('afterend', button);
        });
    }

    function drawBar(root) {
        var bar = root.querySelector('.annotation__bar');
        if (!bar) return;
        var duration = parseFloat(bar.getAttribute('data-duration')) || 0;
        if (duration <= 0) return;
        var ranges = root.querySelectorAll('.annotation__range');
        Array.prototype.forEach.call(ranges, function (range) {
            var from = parseFloat(range.getAttribute('data-from')) || 0;
            var to = parseFloat(range.getAttribute('data-to')) || from;
            var piece = document.createElement('span');
            piece.className = 'annotation__piece annotation__piece--' +
                range.getAttribute('data-kind');
            piece.style.left = Math.min(100, from / duration * 100) + '%';
            piece.style.width = Math.max(0.5, (to - from) / duration * 100) + '%';
            bar.appendChild(piece);
        });
    }

    function start() {
        var root = document.querySelector('.annotation');
        if (!root) return;
        var video = root.querySelector('video');
        if (video) addMarkButtons(root, video);
        drawBar(root);
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', start);
    } else {
        start();
    }
})();

// The operator's console (/console) kept current without reloading: each preview image is
// fetched again a few times a second (only when it arrived, so a slow link never piles up
// requests), and the blocks marked data-console-live (the programme's and each camera's state)
// are replaced from the page fetched again when /console/events says a channel changed (another
// operator's cut, a lost camera), and every few seconds for the sound's level and the frame
// rates, or when the event stream is not available. A block holding the focus is left alone. Without script the page shows the state as
// it was when loaded, and every button still works.
'use strict';

(function () {
    var kPreviewMs = 400;
    var kStateMs = 2000;
    var fetching = false;
    var again = false;

    function refreshPreview(image) {
        var base = image.getAttribute('src').split('?')[0];
        var next = new Image();
        next.onload = function () {
            image.src = next.src;
            window.setTimeout(function () { refreshPreview(image); }, kPreviewMs);
        };
        next.onerror = function () {
            window.setTimeout(function () { refreshPreview(image); }, kPreviewMs * 5);
        };
        next.src = base + '?t=' + Date.now();
    }

    // One fetch at a time; a change heard meanwhile fetches once more after it.
    function refreshState() {
        if (fetching) {
            again = true;
            return;
        }
        fetching = true;
        fetch(window.location.pathname, {credentials: 'same-origin', cache: 'no-store'})
            .then(function (response) { return response.ok ? response.text() : null; })
            .then(function (html) {
                if (html === null) return;
                var fresh = new DOMParser().parseFromString(html, 'text/html');
                var blocks = document.querySelectorAll('[data-console-live]');
                for (var i = 0; i < blocks.length; ++i) {
                    var block = blocks[i];
                    if (block.contains(document.activeElement)) continue;
                    var replacement = fresh.getElementById(block.id);
                    if (replacement && replacement.innerHTML !== block.innerHTML) {
                        block.innerHTML = replacement.innerHTML;
                    }
                }
            })
            .catch(function () {})
            .then(function () {
                fetching = false;
                if (again) {
                    again = false;
                    refreshState();
                }
            });
    }

    var images = document.querySelectorAll('img[data-console-preview]');
    for (var i = 0; i < images.length; ++i) refreshPreview(images[i]);
    window.setInterval(refreshState, kStateMs);
    if (window.EventSource) {
        new EventSource('/console/events').addEventListener('hall', refreshState);
    }
})();

// Live player for every video[data-hls-src] on the page: hls.js where the browser has Media
// Source Extensions, the browser's own HLS support otherwise (Safari, iOS). Texts shown to the
// visitor come from data attributes the server filled in the page's language.
'use strict';

(function () {
    // Network failures (the meeting has not started, the server restarts) are retried with a
    // growing pause, so a page left open picks the broadcast up when it comes back.
    var kFirstRetryMs = 3000;
    var kMaxRetryMs = 30000;
    // A media error is recovered in place at most this often before giving up.
    var kMediaRecoveryWindowMs = 10000;
    // hls.js catches up by playing faster only while within a segment of its target latency;
    // further behind (after a stall of the connection on a busy machine, measured: 5.2 s behind
    // and staying there) it would stay there for good. More than this many seconds past its
    // target, the player jumps to the live edge: a vote seen long after the hall saw it is of no
    // use to a resident.
    var kMaxExtraLatencyS = 2;
    var kLatencyCheckMs = 2000;

    // Only our own http(s) playlists; the template already refuses javascript: and the like.
    function playlistUrl(video) {
        try {
            var url = new URL(video.getAttribute('data-hls-src'), document.baseURI);
            if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
            return url.href;
        } catch (e) {
            return null;
        }
    }

    function statusElement(video) {
        var player = video.closest('.player');
        return player ? player.querySelector('.player__status') : null;
    }

    function showStatus(video, text) {
        var status = statusElement(video);
        if (status && status.textContent !== text) status.textContent = text || '';
    }

    // Muted autoplay is allowed almost everywhere; where it is not, the controls stay for the
    // visitor to press play.
    function tryPlay(video) {
        video.muted = true;
        var promise = video.play();
        if (promise && typeof promise.catch === 'function') promise.catch(function () {});
    }

    function startWithHlsJs(video, url) {
        var hls = null;
        var retryMs = kFirstRetryMs;
        var retryTimer = null;
        var lastMediaRecovery = 0;

        function create() {
            hls = new Hls({
                // Low-Latency HLS where the playlist has parts (PART-HOLD-BACK behind the
                // newest part, blocking reloads); the same playlist read as standard HLS
                // otherwise.
                lowLatencyMode: true,
                // After a slow start or a stall, up to 10 % faster until back at the hold-back:
                // a few seconds, with the voice's pitch kept.
                maxLiveSyncPlaybackRate: 1.1,
                // -1: start a live stream at its live edge, as far behind the newest segment
                // as the playlist's HOLD-BACK says (no sync count here: hls.js ignores the
                // server's hold-back when one is set).
                startPosition: -1,
                // Phones get a rendition that fits the player instead of the largest one.
                capLevelToPlayerSize: true,
                // Rewinding a little is possible; memory stays bounded on long meetings.
                backBufferLength: 90
            });
            hls.on(Hls.Events.MANIFEST_PARSED, function () {
                tryPlay(video);
            });
            hls.on(Hls.Events.ERROR, onError);
            hls.attachMedia(video);
            hls.loadSource(url);
        }

        function scheduleRetry() {
            if (retryTimer !== null) return;
            showStatus(video, video.getAttribute('data-retry-text'));
            retryTimer = window.setTimeout(function () {
                retryTimer = null;
                hls.destroy();
                create();
            }, retryMs);
            retryMs = Math.min(retryMs * 2, kMaxRetryMs);
        }

        function onError(event, data) {
            if (!data.fatal) return;
            if (data.type === Hls.ErrorTypes.NETWORK_ERROR) {
                scheduleRetry();
                return;
            }
            var now = Date.now();
            if (data.type === Hls.ErrorTypes.MEDIA_ERROR &&
                now - lastMediaRecovery > kMediaRecoveryWindowMs) {
                lastMediaRecovery = now;
                hls.recoverMediaError();
                return;
            }
            // Unsupported codec, a second media error in a row: nothing more to try here.
            hls.destroy();
            showStatus(video, video.getAttribute('data-error-text'));
        }

        video.addEventListener('playing', function () {
            retryMs = kFirstRetryMs;
            showStatus(video, '');
        });
        window.setInterval(function () {
            if (!hls || video.paused || video.seeking) return;
            var target = hls.targetLatency;
            var live = hls.liveSyncPosition;
            if (target === null || live === null || live <= video.currentTime) return;
            if (hls.latency > target + kMaxExtraLatencyS) video.currentTime = live;
        }, kLatencyCheckMs);
        create();
    }

    function startNative(video, url) {
        video.addEventListener('error', function () {
            showStatus(video, video.getAttribute('data-error-text'));
        });
        video.addEventListener('playing', function () {
            showStatus(video, '');
        });
        video.src = url;
        tryPlay(video);
    }

    function start(video) {
        var url = playlistUrl(video);
        if (url === null) {
            showStatus(video, video.getAttribute('data-error-text'));
            return;
        }
        if (typeof Hls !== 'undefined' && Hls.isSupported()) {
            startWithHlsJs(video, url);
        } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
            startNative(video, url);
        } else {
            showStatus(video, video.getAttribute('data-error-text'));
        }
    }

    function startAll() {
        var videos = document.querySelectorAll('video[data-hls-src]');
        for (var i = 0; i < videos.length; i++) start(videos[i]);
    }

    // Loaded with defer, so the document is parsed; the check keeps it right if that changes.
    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', startAll);
    } else {
        startAll();
    }
})();

// A meeting's recording (recording.tpl): plays it with hls.js where the browser has Media Source
// Extensions and natively otherwise, starts at ?t= or #t=, follows the chapters while playing,
// switches between "from the start" and "live" while the meeting is live, takes the keyboard
// shortcuts, shares the moment and shows the storyboard while seeking. Without this script the
// chapter links reload the page at their moment; texts come from the page in its language.
'use strict';

(function () {
    var kSkipSeconds = 10;
    var kFirstRetryMs = 3000;
    var kMaxRetryMs = 30000;
    var kMediaRecoveryWindowMs = 10000;
    var kSharedMessageMs = 6000;

    // "90", "90.5", "1:30", "1:02:03": what people type into a link by hand, too.
    function parseMoment(text) {
        if (!text) return null;
        if (/^\d{1,7}(\.\d{1,3})?$/.test(text)) return parseFloat(text);
        var clock = /^(?:(\d{1,3}):)?(\d{1,2}):(\d{2})$/.exec(text);
        if (!clock) return null;
        return parseInt(clock[1] || '0', 10) * 3600 + parseInt(clock[2], 10) * 60 +
            parseInt(clock[3], 10);
    }

    function hashMoment() {
        var match = /(?:^#|&)t=([^&]*)/.exec(window.location.hash);
        return match ? parseMoment(decodeURIComponent(match[1])) : null;
    }

    // Only http(s) addresses; the template already refuses javascript: and the like.
    function safeUrl(text) {
        if (!text) return null;
        try {
            var url = new URL(text, document.baseURI);
            if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
            return url.href;
        } catch (e) {
            return null;
        }
    }

    function clockText(seconds) {
        var total = Math.max(0, Math.floor(seconds));
        var pad = function (n) { return (n < 10 ? '0' : '') + n; };
        if (total < 3600) return Math.floor(total / 60) + ':' + pad(total % 60);
        return Math.floor(total / 3600) + ':' + pad(Math.floor(total / 60) % 60) + ':' +
            pad(total % 60);
    }

    function isFormField(element) {
        if (!element) return false;
        if (element.isContentEditable) return true;
        var name = element.tagName;
        return name === 'INPUT' || name === 'TEXTAREA' || name === 'SELECT' ||
            name === 'BUTTON';
    }

    function Recording(root) {
        var video = root.querySelector('.recording__video');
        var status = root.querySelector('.player__status');
        var recordingUrl = safeUrl(video.getAttribute('data-recording-src'));
        var liveUrl = safeUrl(video.getAttribute('data-live-src'));
        var duration = parseFloat(root.getAttribute('data-duration')) || 0;
        var renderedAt = Date.now();
        var clipBase = root.getAttribute('data-clip');
        var chapters = Array.prototype.slice.call(root.querySelectorAll('.chapter'));
        var clipLink = root.querySelector('.recording__clip');
        var modeLinks = root.querySelectorAll('[data-mode]');
        var useHlsJs = typeof Hls !== 'undefined' && Hls.isSupported();
        var hls = null;
        var mode = null;  // 'live' or 'recording'
        var retryMs = kFirstRetryMs;
        var retryTimer = null;
        var lastMediaRecovery = 0;
        var current = -1;

        function showStatus(text) {
            if (status && status.textContent !== (text || '')) status.textContent = text || '';
        }

        function tryPlay(muted) {
            if (muted) video.muted = true;
            var promise = video.play();
            if (promise && typeof promise.catch === 'function') {
                promise.catch(function () {
                    // Autoplay with sound refused: muted is allowed almost everywhere.
                    if (!video.muted) tryPlay(true);
                });
            }
        }

        // Captions: hls.js shows the recording's subtitles (its master playlist's) and picks the
        // page's language when there is a track in it. The page's <track kind="captions">
        // elements are for browsers that play the recording themselves: with hls.js they would
        // show every cue twice.
        function showSubtitles(player) {
            Array.prototype.forEach.call(video.querySelectorAll('track[kind="captions"]'),
                function (track) { track.parentNode.removeChild(track); });
            var lang = document.documentElement.getAttribute('lang') || 'lt';
            player.on(Hls.Events.SUBTITLE_TRACKS_UPDATED, function (event, data) {
                for (var i = 0; i < data.subtitleTracks.length; i++) {
                    if (data.subtitleTracks[i].lang === lang) {
                        player.subtitleTrack = i;
                        return;
                    }
                }
            });
        }

        // Loads `url` and places the playhead at `start` seconds (-1: the live edge).
        function load(url, start, play) {
            if (retryTimer !== null) {
                window.clearTimeout(retryTimer);
                retryTimer = null;
            }
            if (url === null) {
                showStatus(video.getAttribute('data-error-text'));
                return;
            }
            if (useHlsJs) {
                if (hls) hls.destroy();
                hls = new Hls({
                    startPosition: start,
                    capLevelToPlayerSize: true,
                    backBufferLength: 90
                });
                hls.on(Hls.Events.MANIFEST_PARSED, function () {
                    if (play) tryPlay(false);
                });
                hls.on(Hls.Events.ERROR, function (event, data) { onError(url, data); });
                showSubtitles(hls);
                hls.attachMedia(video);
                hls.loadSource(url);
            } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
                video.src = start > 0 ? url + '#t=' + start : url;
                if (start > 0) {
                    video.addEventListener('loadedmetadata', function seekOnce() {
                        video.removeEventListener('loadedmetadata', seekOnce);
                        video.currentTime = start;
                    });
                }
                video.load();
                if (play) tryPlay(false);
            } else {
                showStatus(video.getAttribute('data-error-text'));
            }
        }

        function onError(url, data) {
            if (!data.fatal) return;
            if (data.type === Hls.ErrorTypes.NETWORK_ERROR) {
                if (retryTimer !== null) return;
                showStatus(video.getAttribute('data-retry-text'));
                var position = mode === 'live' ? -1 : video.currentTime;
                retryTimer = window.setTimeout(function () {
                    retryTimer = null;
                    load(url, position, !video.paused);
                }, retryMs);
                retryMs = Math.min(retryMs * 2, kMaxRetryMs);
                return;
            }
            var now = Date.now();
            if (data.type === Hls.ErrorTypes.MEDIA_ERROR &&
                now - lastMediaRecovery > kMediaRecoveryWindowMs) {
                lastMediaRecovery = now;
                hls.recoverMediaError();
                return;
            }
            hls.destroy();
            hls = null;
            showStatus(video.getAttribute('data-error-text'));
        }

        function setMode(next) {
            mode = next;
            for (var i = 0; i < modeLinks.length; i++) {
                var active = (modeLinks[i].getAttribute('data-mode') === 'live') === (next === 'live');
                modeLinks[i].setAttribute('aria-current', active ? 'true' : 'false');
            }
        }

        // The moment on the recording's timeline: in live mode the live window's time is not
        // the recording's, so it is counted from the recording's length when the page was made,
        // the time since and how far behind the live edge the player is. The page may be a few
        // seconds old in the cache: good enough to cite a moment, which a listener rewinds anyway.
        function recordingTime() {
            if (mode !== 'live') return video.currentTime;
            var behind = 0;
            if (video.seekable.length > 0) {
                behind = Math.max(0, video.seekable.end(video.seekable.length - 1) - video.currentTime);
            }
            return Math.max(0, duration + (Date.now() - renderedAt) / 1000 - behind);
        }

        function seek(seconds, play) {
            if (mode === 'live') {
                setMode('recording');
                load(recordingUrl, seconds, true);
                return;
            }
            video.currentTime = Math.max(0, seconds);
            if (play) tryPlay(false);
        }

        function follow() {
            var time = recordingTime();
            var found = -1;
            for (var i = 0; i < chapters.length; i++) {
                if (parseFloat(chapters[i].getAttribute('data-start')) <= time + 0.25) found = i;
            }
            if (found === current) return;
            current = found;
            for (var j = 0; j < chapters.length; j++) {
                var link = chapters[j].querySelector('.chapter__link');
                link.setAttribute('aria-current', j === found ? 'true' : 'false');
            }
            if (clipLink && found >= 0 && clipBase) {
                clipLink.href = clipBase + '?from=' + chapters[found].getAttribute('data-start') +
                    '&to=' + chapters[found].getAttribute('data-end');
            }
        }

        // The address of this moment on this page (?t=, whole seconds, the hash dropped).
        function momentUrl() {
            var url = new URL(window.location.href);
            url.hash = '';
            url.searchParams.set('t', String(Math.floor(recordingTime())));
            return url.href;
        }

        function remember(seconds) {
            if (!window.history || !window.history.replaceState) return;
            var url = new URL(window.location.href);
            url.hash = '';
            url.searchParams.set('t', String(Math.floor(seconds)));
            window.history.replaceState(null, '', url.href);
        }

        root.addEventListener('click', function (event) {
            if (event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey ||
                event.shiftKey || event.altKey) {
                return;
            }
            var chapter = event.target.closest('.chapter__link');
            if (chapter) {
                event.preventDefault();
                var start = parseFloat(chapter.parentNode.getAttribute('data-start'));
                seek(start, true);
                remember(start);
                video.focus();
                return;
            }
            var modeLink = event.target.closest('[data-mode]');
            if (modeLink) {
                event.preventDefault();
                if (modeLink.getAttribute('data-mode') === 'live') {
                    setMode('live');
                    load(liveUrl, -1, true);
                } else {
                    setMode('recording');
                    load(recordingUrl, 0, true);
                }
            }
        });

        video.addEventListener('timeupdate', follow);
        video.addEventListener('playing', function () {
            retryMs = kFirstRetryMs;
            showStatus('');
        });
        video.addEventListener('error', function () {
            if (!useHlsJs) showStatus(video.getAttribute('data-error-text'));
        });

        this.video = video;
        this.togglePlay = function () {
            if (video.paused) tryPlay(false); else video.pause();
        };
        this.skip = function (seconds) {
            // Live, the keys move within the live window, as the browser's own controls do.
            if (mode === 'live') {
                video.currentTime = Math.max(0, video.currentTime + seconds);
                return;
            }
            seek(video.currentTime + seconds, !video.paused);
        };
        this.seekTo = function (seconds) { seek(seconds, true); };

        setupShare(root, momentUrl);
        setupPreview(root, video, function () { return mode === 'recording'; });

        // The start: the asked moment (?t= from the server, else #t=), or the live edge while
        // live, or the beginning. The tracks stay for the browser's own menus; the chapters
        // are the page's list. The source the server put in for script-less Safari goes first.
        var asked = parseMoment(video.getAttribute('data-start'));
        var fromHash = hashMoment();
        if (fromHash !== null) asked = fromHash;
        video.removeAttribute('src');
        if (liveUrl && asked === null) {
            setMode('live');
            load(liveUrl, -1, true);
        } else {
            setMode('recording');
            load(recordingUrl, asked === null ? 0 : asked, false);
        }
        follow();
    }

    // "Share this moment": copies the address with ?t=; where the clipboard is refused (an
    // older browser, an insecure origin) the address is shown in a field, selected.
    function setupShare(root, momentUrl) {
        var share = root.querySelector('.recording__share');
        if (!share) return;
        var button = share.querySelector('.recording__share-button');
        var message = share.querySelector('.recording__share-status');
        var fallback = share.querySelector('.recording__share-fallback');
        var field = share.querySelector('.recording__share-url');
        var clearTimer = null;
        share.hidden = false;

        function say(text) {
            message.textContent = text;
            if (clearTimer !== null) window.clearTimeout(clearTimer);
            clearTimer = window.setTimeout(function () { message.textContent = ''; },
                kSharedMessageMs);
        }

        function showField(url) {
            field.value = url;
            fallback.hidden = false;
            field.focus();
            field.select();
            say(share.getAttribute('data-text-manual'));
        }

        button.addEventListener('click', function () {
            var url = momentUrl();
            if (navigator.clipboard && navigator.clipboard.writeText) {
                navigator.clipboard.writeText(url).then(function () {
                    field.value = url;
                    say(share.getAttribute('data-text-copied'));
                }, function () { showField(url); });
            } else {
                showField(url);
            }
        });
    }

    // Seeking previews from the storyboard track (WebVTT cues naming sprite.jpg#xywh=x,y,w,h):
    // shown above the player while the pointer is over the bottom of the video, where the
    // browser's seek bar is, and while the playhead is dragged; only on the recording's own
    // timeline (not live), and the track is fetched the first time it is wanted.
    function setupPreview(root, video, onRecording) {
        var preview = root.querySelector('.recording__preview');
        var image = root.querySelector('.recording__preview-image');
        var label = root.querySelector('.recording__preview-time');
        var element = root.querySelector('track[label="thumbnails"]');
        if (!preview || !element || !element.track) return;
        var track = element.track;
        var kSeekBarHeight = 48;

        function cueAt(seconds) {
            var cues = track.cues;
            if (!cues) return null;
            for (var i = 0; i < cues.length; i++) {
                if (cues[i].startTime <= seconds && seconds < cues[i].endTime) return cues[i];
            }
            return null;
        }

        function show(seconds, x) {
            if (!onRecording()) {
                preview.hidden = true;
                return;
            }
            // Loads the cues without showing them; until they arrive there is no tile.
            if (track.mode === 'disabled') track.mode = 'hidden';
            var cue = cueAt(seconds);
            var match = cue && /^(.*)#xywh=(\d+),(\d+),(\d+),(\d+)$/.exec(cue.text.trim());
            var sprite = match && safeUrl(new URL(match[1], element.src || document.baseURI).href);
            if (!sprite) {
                preview.hidden = true;
                return;
            }
            image.style.backgroundImage = 'url("' + sprite + '")';
            image.style.backgroundPosition = '-' + match[2] + 'px -' + match[3] + 'px';
            image.style.width = match[4] + 'px';
            image.style.height = match[5] + 'px';
            label.textContent = clockText(seconds);
            var width = parseInt(match[4], 10);
            var left = Math.min(Math.max(0, x - width / 2), video.clientWidth - width);
            preview.style.left = video.offsetLeft + left + 'px';
            preview.hidden = false;
            // Just above the seek bar, wherever the video sits in the stage.
            preview.style.top = Math.max(0, video.offsetTop + video.offsetHeight - kSeekBarHeight -
                preview.offsetHeight) + 'px';
        }

        video.addEventListener('pointermove', function (event) {
            var box = video.getBoundingClientRect();
            var overSeekBar = event.clientY > box.bottom - kSeekBarHeight;
            if (!overSeekBar || !isFinite(video.duration) || video.duration <= 0) {
                preview.hidden = true;
                return;
            }
            var x = event.clientX - box.left;
            show(video.duration * x / box.width, x);
        });
        video.addEventListener('pointerleave', function () { preview.hidden = true; });
        video.addEventListener('seeking', function () {
            if (!isFinite(video.duration) || video.duration <= 0) return;
            show(video.currentTime, video.clientWidth * video.currentTime / video.duration);
        });
        video.addEventListener('seeked', function () { preview.hidden = true; });
    }

    function startAll() {
        var roots = document.querySelectorAll('.recording');
        var players = [];
        for (var i = 0; i < roots.length; i++) players.push(new Recording(roots[i]));
        if (players.length === 0) return;
        // Keys for the page's (first) recording, never while typing in a form field or with
        // a modifier (the browser's own shortcuts); the video's own keys when it has focus.
        document.addEventListener('keydown', function (event) {
            if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
            var target = event.target;
            if (isFormField(target) || target === players[0].video) return;
            var player = players[0];
            switch (event.key) {
                case ' ':
                case 'Spacebar':
                    if (target.tagName === 'A' || target.tagName === 'SUMMARY') return;
                    player.togglePlay();
                    break;
                case 'ArrowLeft':
                case 'j':
                case 'J':
                    player.skip(-kSkipSeconds);
                    break;
                case 'ArrowRight':
                case 'l':
                case 'L':
                    player.skip(kSkipSeconds);
                    break;
                default:
                    return;
            }
            event.preventDefault();
        });
        window.addEventListener('hashchange', function () {
            var moment = hashMoment();
            if (moment !== null) players[0].seekTo(moment);
        });
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', startAll);
    } else {
        startAll();
    }
})();

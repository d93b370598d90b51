// Opens the home page in Debian's Chromium and checks what a resident would notice: the live
// broadcast plays (the first video advances by at least 2 s of real playback), then goes on in
// Low-Latency HLS for a minute (LOW_LATENCY_SECONDS) without once stopping to buffer and close
// behind the hall, nothing on the page fails (console errors, failed or 4xx/5xx requests), the
// page fits a 360 px phone, and the language switch leads to the English page with English
// texts.
//
//   COUNCILCAST_URL=http://127.0.0.1:8080/ [SCREENSHOT=home.png] node tests/browser/live_playback.mjs
//
// Optional: CHROMIUM (default /usr/bin/chromium), TIMEOUT_MS (default 150000, the whole run),
// LOW_LATENCY_SECONDS (default 60).
// Exits 0 on success, 1 with a message saying what failed.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Failure, runInChromium } from './chromium.mjs';
import { catchPlayers, latencyMs } from './hls_players.mjs';

const kPlayedSeconds = 2;
// Behind the hall (the wall clock against the frame on screen's PROGRAM-DATE-TIME): the bench
// measures about 1.3 s on an idle machine; a loaded test machine gets twice the slack.
const kMaxLatencyMs = 3000;
const lowLatencySeconds = Number(process.env.LOW_LATENCY_SECONDS || 60);
// A stall of the connection, and how soon after it the player must be back near the hall.
const kStallMs = 5000;
const kCatchUpMs = 10000;
const kPollMs = 250;

const baseUrl = process.env.COUNCILCAST_URL;
const screenshotPath = process.env.SCREENSHOT || '';
const deadline = Date.now() + Number(process.env.TIMEOUT_MS || 150000);

function remainingMs() {
    const left = deadline - Date.now();
    if (left <= 0) throw new Failure('the overall deadline passed');
    return left;
}

function log(message) {
    console.log(`live_playback: ${message}`);
}

// What the first video is doing, for progress checks and for failure messages.
async function videoState(page) {
    return page.evaluate(() => {
        const video = document.querySelector('video');
        if (!video) return null;
        const quality = video.getVideoPlaybackQuality ? video.getVideoPlaybackQuality() : null;
        const status = video.closest('.player')?.querySelector('.player__status');
        return {
            played: window.__councilcastPlayed ?? 0,
            currentTime: video.currentTime,
            paused: video.paused,
            muted: video.muted,
            readyState: video.readyState,
            networkState: video.networkState,
            videoWidth: video.videoWidth,
            videoHeight: video.videoHeight,
            decodedFrames: quality ? quality.totalVideoFrames : null,
            error: video.error ? `${video.error.code} ${video.error.message}` : null,
            status: status ? status.textContent : null,
            usesHlsJs: video.src.startsWith('blob:'),
        };
    });
}

// Sums only the small forward steps of currentTime: the live-edge seek at start (and any later
// catch-up seek) jumps by many seconds and must not count as playback.
async function countPlayback(page) {
    await page.evaluate(() => {
        const video = document.querySelector('video');
        let last = null;
        window.__councilcastPlayed = 0;
        video.addEventListener('timeupdate', () => {
            const now = video.currentTime;
            if (last !== null && !video.seeking) {
                const step = now - last;
                if (step > 0 && step < 1.5) window.__councilcastPlayed += step;
            }
            last = now;
        });
    });
}

// A minute of playback in Low-Latency HLS: parts in the playlist, the player in its
// low-latency mode, no rebuffering, playback at the hall's pace and close behind it.
async function watchLowLatency(page) {
    const mode = await page.evaluate(() => {
        const hls = window.__players[window.__players.length - 1];
        if (!hls) return null;
        const level = hls.levels[hls.currentLevel] || hls.levels[0];
        return {
            lowLatencyMode: hls.config.lowLatencyMode,
            parts: level && level.details && level.details.partList ? level.details.partList.length : 0,
        };
    });
    if (!mode) throw new Failure('the page made no hls.js player');
    if (!mode.lowLatencyMode || mode.parts === 0) {
        throw new Failure(`the player is not in Low-Latency HLS: ${JSON.stringify(mode)}`);
    }
    await page.evaluate(() => { window.__rebuffers = 0; });
    const playedBefore = await page.evaluate(() => window.__councilcastPlayed);
    const latencies = [];
    const end = Date.now() + lowLatencySeconds * 1000;
    while (Date.now() < end) {
        await page.waitForTimeout(Math.min(1000, Math.max(0, remainingMs() - 1000)));
        const latency = await latencyMs(page);
        if (latency !== null) latencies.push(latency);
    }
    const { rebuffers, played } = await page.evaluate(() => ({
        rebuffers: window.__rebuffers, played: window.__councilcastPlayed,
    }));
    latencies.sort((a, b) => a - b);
    const median = latencies.length ? latencies[Math.floor(latencies.length / 2)] : null;
    log(`low-latency: ${(played - playedBefore).toFixed(1)} s played in ${lowLatencySeconds} s, ` +
        `${rebuffers} rebufferings, median ${median} ms behind the hall (${mode.parts} parts listed)`);
    if (rebuffers > 0) throw new Failure(`playback stopped to buffer ${rebuffers} times in ${lowLatencySeconds} s`);
    if (played - playedBefore < 0.9 * lowLatencySeconds) {
        throw new Failure(`only ${(played - playedBefore).toFixed(1)} s played in ${lowLatencySeconds} s`);
    }
    if (median === null || median > kMaxLatencyMs) {
        throw new Failure(`the picture is ${median} ms behind the hall (at most ${kMaxLatencyMs})`);
    }
}

// A connection that stalls for a few seconds (every request held, as on a train through a
// tunnel): once it is back, the player returns near the hall within seconds instead of
// staying as far behind as the stall left it.
async function catchUpAfterStall(page) {
    const held = (route) => setTimeout(() => route.continue().catch(() => {}), kStallMs);
    await page.route('**/live/**', held);
    await page.waitForTimeout(kStallMs);
    await page.unroute('**/live/**', held);
    const resumed = Date.now();
    try {
        await page.waitForFunction((max) => {
            const hls = window.__players[window.__players.length - 1];
            const video = document.querySelector('video');
            return !video.paused && hls && hls.playingDate && Date.now() - hls.playingDate.getTime() < max;
        }, kMaxLatencyMs, { polling: kPollMs, timeout: Math.min(kCatchUpMs, remainingMs()) });
    } catch (error) {
        throw new Failure(`after a ${kStallMs / 1000} s stall the picture stayed ${await latencyMs(page)} ms ` +
            `behind the hall for ${kCatchUpMs / 1000} s`);
    }
    log(`after a ${kStallMs / 1000} s stall, back within ${kMaxLatencyMs} ms of the hall in ${Date.now() - resumed} ms`);
}

async function badgeTexts(page) {
    return page.locator('.badge').allTextContents();
}

async function run(browser) {
    const context = await browser.newContext({
        viewport: { width: 360, height: 740 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        locale: 'lt-LT',
    });
    const page = await context.newPage();
    const problems = [];
    page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`uncaught exception: ${error.message}`));
    page.on('requestfailed', (request) => {
        const reason = request.failure()?.errorText ?? 'unknown';
        // Aborts are the client's own doing: a navigation cancels the old page's loads and
        // hls.js cancels a fragment it no longer needs.
        if (reason === 'net::ERR_ABORTED') return;
        problems.push(`request failed: ${request.method()} ${request.url()} (${reason})`);
    });
    page.on('response', (response) => {
        if (response.status() >= 400) {
            problems.push(`HTTP ${response.status()} for ${response.request().method()} ${response.url()}`);
        }
    });
    const checkProblems = (when) => {
        if (problems.length > 0) throw new Failure(`${when}:\n  ${problems.join('\n  ')}`);
    };

    await catchPlayers(page);
    log(`opening ${baseUrl}`);
    const response = await page.goto(baseUrl, { waitUntil: 'domcontentloaded', timeout: remainingMs() });
    if (!response || !response.ok()) {
        throw new Failure(`GET ${baseUrl} answered ${response ? response.status() : 'nothing'}`);
    }
    if ((await page.getAttribute('html', 'lang')) !== 'lt') {
        throw new Failure('the home page is not <html lang="lt">');
    }
    if ((await page.locator('video[data-hls-src]').count()) === 0) {
        throw new Failure('the home page has no video[data-hls-src]');
    }
    await countPlayback(page);

    try {
        await page.waitForFunction(
            (seconds) => (window.__councilcastPlayed ?? 0) >= seconds,
            kPlayedSeconds,
            { polling: kPollMs, timeout: remainingMs() },
        );
    } catch (error) {
        const state = await videoState(page).catch(() => null);
        throw new Failure(
            `the video did not play ${kPlayedSeconds} s before the deadline (${error.message.split('\n')[0]})\n` +
                `  video: ${JSON.stringify(state)}\n  other problems: ${problems.join('; ') || 'none'}`,
        );
    }
    const state = await videoState(page);
    if (!(state.videoWidth > 0 && state.decodedFrames > 0)) {
        throw new Failure(`time advanced but no picture was decoded: ${JSON.stringify(state)}`);
    }
    log(`played ${state.played.toFixed(1)} s of ${state.videoWidth}x${state.videoHeight} ` +
        `(${state.decodedFrames} frames decoded, ${state.usesHlsJs ? 'hls.js' : 'native HLS'}, ` +
        `muted: ${state.muted})`);

    await watchLowLatency(page);
    await catchUpAfterStall(page);

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) throw new Failure(`the page scrolls sideways at 360 px by ${overflow} px`);

    if (screenshotPath) {
        mkdirSync(dirname(screenshotPath), { recursive: true });
        await page.screenshot({ path: screenshotPath, fullPage: true });
        log(`screenshot saved to ${screenshotPath}`);
    }
    checkProblems('the Lithuanian page had problems');

    const ltBadges = await badgeTexts(page);
    const switchLink = page.locator('a[hreflang="en"]').first();
    if ((await switchLink.count()) === 0) throw new Failure('no link to the English page (a[hreflang="en"])');
    await Promise.all([
        page.waitForURL((url) => url.pathname !== new URL(baseUrl).pathname, { timeout: remainingMs() }),
        switchLink.click({ timeout: remainingMs() }),
    ]);
    await page.waitForSelector('html[lang="en"]', { timeout: remainingMs() });
    const enBadges = await badgeTexts(page);
    if (enBadges.length === 0 || enBadges.length !== ltBadges.length) {
        throw new Failure(`the English page has ${enBadges.length} status badges, the Lithuanian ${ltBadges.length}`);
    }
    for (let i = 0; i < enBadges.length; i++) {
        if (!enBadges[i].trim() || enBadges[i].trim() === ltBadges[i].trim()) {
            throw new Failure(`badge ${i + 1} was not translated: "${ltBadges[i]}" → "${enBadges[i]}"`);
        }
    }
    if ((await page.locator('a[hreflang="lt"]').count()) === 0) {
        throw new Failure('the English page has no link back to Lithuanian (a[hreflang="lt"])');
    }
    log(`English page at ${page.url()}: badges ${JSON.stringify(ltBadges)} → ${JSON.stringify(enBadges)}`);
    checkProblems('the English page had problems');
    await context.close();
}

async function main() {
    if (!baseUrl) {
        console.error('live_playback: set COUNCILCAST_URL, e.g. http://127.0.0.1:8080/');
        return 1;
    }
    return runInChromium('live_playback', run, remainingMs());
}

process.exitCode = await main();

// The archive as a resident uses it in Debian's Chromium at 360 px, on `councilcast demo`: the
// live meeting rewinds to its start; a held meeting's chapter is picked and played from its
// moment (and marked current); a ?t= link and a #t= link land within a second of their moment;
// the keys move the playhead; "share this moment" copies the address of the moment; the
// chapters' posters load and hovering the seek bar shows the storyboard's tile; a clip plays in
// a plain <video>; the demo's captioned meeting shows the cue of its moment (hls.js's
// subtitles, in the page's language); the meeting page, the meetings list and the widget pass
// axe-core's WCAG 2.1 A/AA checks in both
// languages and fit a phone.
//
//   COUNCILCAST_URL=… [SCREENSHOT_DIR=dir] node tests/browser/recording_pages.mjs
import { Failure, runInChromium } from './chromium.mjs';
import { axeOnPath, url } from './site_tools.mjs';

const baseUrl = process.env.COUNCILCAST_URL;
const kPhone = { viewport: { width: 360, height: 740 } };
// The demo makes its archive in the background at its first start.
const kArchiveDeadlineMs = 120000;
const kPlayDeadlineMs = 30000;

function log(message) {
    console.log(`recording_pages: ${message}`);
}

async function api(path) {
    const response = await fetch(url(path));
    if (!response.ok) throw new Failure(`${path}: HTTP ${response.status}`);
    return response.json();
}

// The live meeting, and the held meetings once their recordings are ready.
async function findMeetings() {
    const deadline = Date.now() + kArchiveDeadlineMs;
    for (;;) {
        const { meetings } = await api('/api/v1/meetings');
        const live = meetings.find((m) => m.status === 'live');
        const held = [];
        for (const meeting of meetings.filter((m) => m.status === 'ended')) {
            const full = await api(`/api/v1/meetings/${meeting.id}`);
            if (full.recording && full.recording.status === 'ready') held.push(full);
        }
        if (live && held.length >= 2) return { live, held };
        if (Date.now() > deadline) {
            throw new Failure(`the demo's archive was not ready in ${kArchiveDeadlineMs} ms ` +
                              `(${held.length} recordings)`);
        }
        await new Promise((resolve) => setTimeout(resolve, 1000));
    }
}

function player(page) {
    return page.locator('video.recording__video');
}

async function videoState(page) {
    return player(page).evaluate((video) => ({
        time: video.currentTime, ready: video.readyState, paused: video.paused,
    }));
}

// Waits until the video has a frame at a time that `test` accepts.
async function waitForTime(page, test, what) {
    const deadline = Date.now() + kPlayDeadlineMs;
    let state = null;
    while (Date.now() < deadline) {
        state = await videoState(page);
        if (state.ready >= 2 && test(state.time)) return state.time;
        await page.waitForTimeout(100);
    }
    throw new Failure(`${what}: the video is at ${state?.time} s (readyState ${state?.ready})`);
}

async function rewindLive(context, live) {
    const page = await context.newPage();
    await page.goto(url(`/meetings/${live.id}`));
    // Starts at the live edge of the channel's playlist.
    await waitForTime(page, () => true, 'the live meeting plays');
    const fromStart = page.locator('[data-mode="start"]');
    await fromStart.click();
    const time = await waitForTime(page, (t) => t < 3, 'rewound to the start');
    if (await fromStart.getAttribute('aria-current') !== 'true') {
        throw new Failure('"from the start" is not marked current after rewinding');
    }
    log(`live meeting ${live.id} rewound to ${time.toFixed(2)} s`);
    await page.locator('[data-mode="live"]').click();
    await waitForTime(page, () => true, 'back to live');
    await page.close();
}

// Where the playhead landed after each seek of the page's video (recorded from the page's
// start by the init script), so a check does not race the playback that follows.
async function waitForSeek(page, test, what) {
    const deadline = Date.now() + kPlayDeadlineMs;
    const seeks = [];
    while (Date.now() < deadline) {
        const recent = await page.evaluate(() => window.recordedSeeks.splice(0));
        seeks.push(...recent);
        const landed = recent.find(test);
        if (landed !== undefined) return landed;
        await page.waitForTimeout(100);
    }
    const state = await player(page).evaluate((video) => {
        const ranges = [];
        for (let i = 0; i < video.buffered.length; ++i) {
            ranges.push(`${video.buffered.start(i).toFixed(2)}-${video.buffered.end(i).toFixed(2)}`);
        }
        return `at ${video.currentTime} s, seeking ${video.seeking}, readyState ${video.readyState}, ` +
               `buffered ${ranges.join(' ') || 'nothing'}`;
    });
    throw new Failure(`${what}: no seek landed there (seeks: ${seeks.join(', ')}; ${state})`);
}

async function pickChapter(context, meeting) {
    const page = await context.newPage();
    await page.goto(url(`/meetings/${meeting.id}`));
    const chapters = page.locator('.chapter');
    if (await chapters.count() < 3) throw new Failure(`meeting ${meeting.id} lists too few chapters`);
    const third = chapters.nth(2);
    const start = Number(await third.getAttribute('data-start'));
    await page.evaluate(() => window.recordedSeeks.splice(0));
    await third.locator('a').click();
    const landed = await waitForSeek(page, (t) => Math.abs(t - start) <= 1, `chapter at ${start} s`);
    await waitForTime(page, (t) => t >= start - 1, `chapter at ${start} s plays`);
    const current = await third.locator('a').getAttribute('aria-current');
    if (current !== 'true') throw new Failure(`the chapter playing is not marked current (${current})`);
    if (new URL(page.url()).searchParams.get('t') !== String(start)) {
        throw new Failure(`the address does not name the chapter's moment: ${page.url()}`);
    }
    log(`chapter at ${start} s landed at ${landed.toFixed(2)} s`);

    // The keys, with the focus on the page and not in a field: space pauses, J (and the left
    // arrow) is ten seconds back, L ten on. J goes first: on a loaded machine Chromium's player
    // may have run on to the recording's end before the pause, where only going back moves.
    await page.locator('h1').click();
    await page.keyboard.press(' ');
    await player(page).evaluate((video) => new Promise((resolve) => {
        if (video.paused) resolve(); else video.addEventListener('pause', resolve, { once: true });
    }));
    const paused = (await videoState(page)).time;
    await page.keyboard.press('j');
    await waitForSeek(page, (t) => Math.abs(t - (paused - 10)) <= 0.5, `J moves 10 s back from ${paused} s`);
    await page.keyboard.press('l');
    await waitForSeek(page, (t) => Math.abs(t - paused) <= 0.5, 'L moves 10 s on');
    await page.keyboard.press('ArrowLeft');
    await waitForSeek(page, (t) => Math.abs(t - (paused - 10)) <= 0.5, '← moves 10 s back');

    // Share this moment: the address with ?t= in the clipboard, and a visible confirmation.
    await page.locator('.recording__share-button').click();
    await page.locator('.recording__share-status').filter({ hasText: /nukopijuota/ }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const shared = new URL(copied);
    const sharedTime = Number(shared.searchParams.get('t'));
    if (shared.pathname !== `/meetings/${meeting.id}` || Math.abs(sharedTime - (paused - 10)) > 1) {
        throw new Failure(`"share this moment" copied ${copied}`);
    }
    await page.close();
}

async function landOnMoment(context, meeting, address, moment) {
    const page = await context.newPage();
    await page.goto(url(address));
    const time = await waitForTime(page, (t) => Math.abs(t - moment) <= 1, address);
    log(`${address} landed at ${time.toFixed(2)} s`);
    await page.close();
}

// Waits until the picture has loaded, or says which one did not.
async function pictureLoads(image, what) {
    await image.scrollIntoViewIfNeeded();
    const width = await image.evaluate((img) => new Promise((resolve) => {
        if (img.complete) resolve(img.naturalWidth);
        img.addEventListener('load', () => resolve(img.naturalWidth), { once: true });
        img.addEventListener('error', () => resolve(0), { once: true });
    }));
    if (!(width > 0)) throw new Failure(`${what} did not load: ${await image.getAttribute('src')}`);
}

// Each chapter shows a picture of its moment, and the pointer over the seek bar shows the
// storyboard's tile for the moment under it.
async function picturesShow(context, meeting) {
    const page = await context.newPage();
    await page.goto(url(`/meetings/${meeting.id}`));
    const posters = page.locator('img.chapter__poster');
    const count = await posters.count();
    if (count < 3) throw new Failure(`meeting ${meeting.id} shows ${count} chapter posters`);
    for (let i = 0; i < count; ++i) await pictureLoads(posters.nth(i), `poster ${i + 1}`);

    await waitForTime(page, () => true, 'the recording plays');
    const video = player(page);
    await video.scrollIntoViewIfNeeded();
    const box = await video.boundingBox();
    const preview = page.locator('.recording__preview');
    // The storyboard's track loads on the first hover, so the pointer keeps moving over the
    // seek bar until a tile shows.
    const deadline = Date.now() + kPlayDeadlineMs;
    for (let step = 0; !(await preview.isVisible()); ++step) {
        if (Date.now() > deadline) throw new Failure('hovering the seek bar shows no storyboard tile');
        await page.mouse.move(box.x + box.width * (0.3 + 0.01 * (step % 20)), box.y + box.height - 12);
        await page.waitForTimeout(100);
    }
    const tile = await page.locator('.recording__preview-image').evaluate((element) => ({
        image: element.style.backgroundImage, width: element.offsetWidth,
    }));
    const sprite = /url\("(.*)"\)/.exec(tile.image);
    if (!sprite || !/\/storyboard\.jpg/.test(sprite[1]) || !(tile.width > 0)) {
        throw new Failure(`the seek bar's preview shows ${tile.image} (${tile.width} px wide)`);
    }
    const spriteWidth = await page.evaluate(async (src) => {
        const image = new Image();
        image.src = src;
        await image.decode();
        return image.naturalWidth;
    }, sprite[1]);
    if (!(spriteWidth > 0)) throw new Failure(`the storyboard ${sprite[1]} did not decode`);
    log(`${count} posters loaded; the seek bar previews a ${tile.width} px tile`);
    await page.close();
}

// A clip as a download: the MP4 plays in a plain <video> with its picture, for about the span
// asked (a clip starts on the keyframe at or before `from`).
async function clipPlays(context, meeting) {
    const page = await context.newPage();
    await page.goto(url(`/meetings/${meeting.id}`));
    const from = 10;
    const to = 30;
    const clip = await page.evaluate(([src, deadlineMs]) => new Promise((resolve) => {
        const video = document.createElement('video');
        video.muted = true;
        const timer = setTimeout(() => resolve({ error: video.error ? video.error.message : 'timeout',
                                                 time: video.currentTime }), deadlineMs);
        video.addEventListener('timeupdate', () => {
            if (video.currentTime < 1.5) return;
            clearTimeout(timer);
            resolve({ time: video.currentTime, width: video.videoWidth, duration: video.duration });
        });
        video.addEventListener('error', () => {
            clearTimeout(timer);
            resolve({ error: video.error.message, time: video.currentTime });
        });
        video.src = src;
        document.body.append(video);
        video.play().catch(() => {});
    }), [`/recordings/${meeting.id}/clip.mp4?from=${from}&to=${to}`, kPlayDeadlineMs]);
    if (clip.error || !(clip.width > 0)) {
        throw new Failure(`the clip ${from}-${to} s does not play: ${JSON.stringify(clip)}`);
    }
    // Its header declares its length: from the keyframe at or before `from` (the demo's GOP is
    // 2 s) to `to`.
    if (!(clip.duration >= to - from - 0.1 && clip.duration <= to - from + 2.1)) {
        throw new Failure(`the clip ${from}-${to} s lasts ${clip.duration} s`);
    }
    log(`the clip ${from}-${to} s plays (${clip.width} px wide, ${clip.duration} s)`);
    await page.close();
}

// The demo's meeting with captions, once the demo has stored them (after its recording).
async function captionedMeeting(held) {
    const deadline = Date.now() + kArchiveDeadlineMs;
    for (;;) {
        for (const meeting of held) {
            const response = await fetch(url(`/recordings/${meeting.id}/captions/lt.vtt`));
            if (response.ok) return meeting;
        }
        if (Date.now() > deadline) throw new Failure('no demo meeting has captions');
        await new Promise((resolve) => setTimeout(resolve, 1000));
    }
}

// The cue a showing captions or subtitles track of the video has active now, if any.
async function activeCue(page) {
    return player(page).evaluate((video) => {
        for (const track of video.textTracks) {
            if (track.kind !== 'subtitles' && track.kind !== 'captions') continue;
            if (track.mode !== 'showing' || !track.activeCues) continue;
            for (const cue of track.activeCues) {
                return { text: cue.text, start: cue.startTime, lang: track.language,
                         time: video.currentTime };
            }
        }
        return null;
    });
}

// At 5 s the demo's Lithuanian track says "Kvorumas yra…" from 4 s to 8 s: hls.js loads the
// subtitle segment beside the video's, places it by its X-TIMESTAMP-MAP and shows the cue.
async function showCaptions(context, held) {
    const meeting = await captionedMeeting(held);
    const page = await context.newPage();
    await page.goto(url(`/meetings/${meeting.id}?t=5`));
    await waitForTime(page, (t) => Math.abs(t - 5) <= 1, 'captions');
    const deadline = Date.now() + kPlayDeadlineMs;
    let cue = null;
    while (Date.now() < deadline) {
        cue = await activeCue(page);
        if (cue && /Kvorumas/.test(cue.text)) break;
        await page.waitForTimeout(100);
    }
    if (!cue || !/Kvorumas/.test(cue.text)) {
        throw new Failure(`no caption shown at 5 s: ${JSON.stringify(cue)}`);
    }
    if (Math.abs(cue.start - 4) > 1 || cue.lang !== 'lt') {
        throw new Failure(`the caption is misplaced: ${JSON.stringify(cue)}`);
    }
    log(`caption "${cue.text}" (${cue.lang}) from ${cue.start.toFixed(2)} s shown at ` +
        `${cue.time.toFixed(2)} s`);
    await page.close();
}

async function run(browser) {
    const { live, held } = await findMeetings();
    const context = await browser.newContext({ ...kPhone, locale: 'lt-LT' });
    await context.addInitScript(() => {
        window.recordedSeeks = [];
        // Media events do not bubble; a capturing listener on the document sees them all.
        document.addEventListener('seeked', (event) => {
            window.recordedSeeks.push(event.target.currentTime);
        }, true);
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
    const problems = [];
    context.on('console', (message) => {
        // A failed resource is reported by the response watch, with its address.
        if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) {
            problems.push(`console error: ${message.text()}`);
        }
    });
    context.on('weberror', (error) => problems.push(`page error: ${error.error().message}`));

    await rewindLive(context, live);
    await pickChapter(context, held[0]);
    await landOnMoment(context, held[1], `/meetings/${held[1].id}?t=45`, 45);
    await landOnMoment(context, held[1], `/meetings/${held[1].id}#t=30`, 30);
    await landOnMoment(context, held[1], `/embed/meeting/${held[1].id}?t=60`, 60);
    await picturesShow(context, held[0]);
    await clipPlays(context, held[1]);
    await showCaptions(context, held);

    // axe is injected inline, which the pages' Content-Security-Policy rightly refuses.
    const audit = await browser.newContext({ ...kPhone, bypassCSP: true });
    for (const path of [`/meetings/${held[0].id}`, `/en/meetings/${held[0].id}?t=20`,
                        `/meetings/${live.id}`, '/meetings', '/en/meetings',
                        `/embed/meeting/${held[0].id}`]) {
        problems.push(...await axeOnPath(audit, path));
    }
    if (problems.length > 0) throw new Failure(problems.join('\n  '));
}

process.exitCode = await runInChromium('recording_pages', run, 60000);

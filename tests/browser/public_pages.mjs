// The public site in Debian's Chromium, as residents and the municipal website meet it:
// - every public page type (a refusal's page too), in Lithuanian and English, passes axe-core's
//   WCAG 2.1 A/AA checks and fits a 360 px phone; the page weight of each (what a first visit
//   transfers, the live video's playlists and segments aside) is printed;
// - a resident opens the home page, follows the live meeting, and the player plays, also when
//   driven from the keyboard (Space on the focused video pauses and resumes it);
// - the language switch on a meeting page leads to the same meeting in English, and the home
//   page remembers the choice;
// - an open page of a planned meeting shows, without reloading, that an editor has started it,
//   the change arriving through the meeting's event stream (no poll is made);
// - a page on another origin (FRAMER_PORT, served here) embeds the live widget in an iframe and
//   it shows and plays; the same page may not frame a page that is not a widget.
//
//   COUNCILCAST_URL=http://127.0.0.1:8080/ FRAMER_PORT=8099 EDITOR_EMAIL=… EDITOR_PASSWORD=… \
//   [SCREENSHOT_DIR=dir] node tests/browser/public_pages.mjs
//
// The server must allow http://localhost:FRAMER_PORT in municipality.embed_framers, and the
// editor account must exist.
// Exits 0 on success, 1 saying what failed.
import { readFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { Failure, runInChromium } from './chromium.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const baseUrl = process.env.COUNCILCAST_URL;
const framerPort = Number(process.env.FRAMER_PORT);
const editorEmail = process.env.EDITOR_EMAIL;
const editorPassword = process.env.EDITOR_PASSWORD;
const screenshotDir = process.env.SCREENSHOT_DIR || '';
const deadline = Date.now() + Number(process.env.TIMEOUT_MS || 150000);
const kPlayedSeconds = 2;

function log(message) {
    console.log(`public_pages: ${message}`);
}

function remainingMs() {
    const left = deadline - Date.now();
    if (left <= 0) throw new Failure('the overall deadline passed');
    return left;
}

function url(path) {
    return new URL(path, baseUrl).href;
}

// Watches a page for what a visitor would notice going wrong.
function watch(page, problems) {
    page.on('console', (message) => {
        // Chromium logs the 404 page's own status as an error: that one is expected.
        if (message.type() === 'error' && !message.text().includes('status of 404')) {
            problems.push(`console error on ${page.url()}: ${message.text()}`);
        }
    });
    page.on('pageerror', (error) => problems.push(`uncaught exception on ${page.url()}: ${error.message}`));
    page.on('requestfailed', (request) => {
        if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
        problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
    });
}

// The public page types, found by following the site's own links.
async function pageTypes(context) {
    const page = await context.newPage();
    await page.goto(url('/'), { timeout: remainingMs() });
    const live = await page.getAttribute('.live-meeting__title a', 'href');
    const decision = await page.getAttribute('.decision-card a', 'href');
    await page.goto(url('/council'), { timeout: remainingMs() });
    const member = await page.getAttribute('.member-list a', 'href');
    await page.goto(url('/meetings?year=' + new Date().getFullYear()), { timeout: remainingMs() });
    const ended = await page.getAttribute('.meeting-card--ended a', 'href');
    await page.close();
    if (!live || !decision || !member || !ended) {
        throw new Failure(`links not found: live ${live}, decision ${decision}, member ${member}, ended ${ended}`);
    }
    const meetingId = live.split('/').pop();
    return {
        home: '/',
        meetings: '/meetings',
        'meeting (live)': live,
        'meeting (ended)': ended,
        council: '/council',
        member,
        decisions: '/decisions',
        decision,
        'not found': '/no-such-page',
        'refused (a bad year)': '/meetings?year=20x6',
        'search (hits)': '/search?q=biud%C5%BEetas',
        'search (nothing found)': '/search?q=zzzz',
        'embed: live': '/embed/live',
        'embed: meeting': `/embed/meeting/${meetingId}`,
        'embed: upcoming': '/embed/upcoming',
    };
}

// axe runs in a context with CSP bypassed (it is injected as a script).
async function accessibility(context, path) {
    const page = await context.newPage();
    await page.goto(url(path), { timeout: remainingMs() });
    await page.addScriptTag({ content: axeSource });
    const results = await page.evaluate(async () =>
        // eslint-disable-next-line no-undef
        axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await page.close();
    const problems = results.violations.map(
        (v) => `${path}: ${v.id} (${v.impact}): ${v.help} – ${v.nodes.map((n) => n.target).join(', ')}`);
    if (overflow > 0) problems.push(`${path}: scrolls sideways at 360 px by ${overflow} px`);
    return problems;
}

// Bytes a first visit transfers until the page has loaded, the live video's media aside
// (it streams for as long as the page is open).
async function weight(context, path) {
    const page = await context.newPage();
    const requests = [];
    page.on('requestfinished', (request) => requests.push(request));
    await page.goto(url(path), { waitUntil: 'load', timeout: remainingMs() });
    let bytes = 0;
    for (const request of requests) {
        if (/\.(m3u8|ts)(\?|$)/.test(request.url())) continue;
        const sizes = await request.sizes();
        bytes += sizes.responseBodySize + sizes.responseHeadersSize;
    }
    await page.close();
    return bytes;
}

async function playedSeconds(frame) {
    return frame.evaluate(() => window.__played ?? 0);
}

// Counts only small forward steps of currentTime, so the live-edge seek does not count.
async function countPlayback(frame) {
    await frame.evaluate(() => {
        const video = document.querySelector('video');
        let last = null;
        window.__played = 0;
        video.addEventListener('timeupdate', () => {
            const now = video.currentTime;
            if (last !== null && !video.seeking) {
                const step = now - last;
                if (step > 0 && step < 1.5) window.__played += step;
            }
            last = now;
        });
    });
}

async function waitForPlayback(frame, what) {
    const start = await playedSeconds(frame);
    try {
        await frame.waitForFunction((s) => (window.__played ?? 0) >= s, start + kPlayedSeconds, {
            polling: 250,
            timeout: remainingMs(),
        });
    } catch (error) {
        throw new Failure(`${what}: the video did not play ${kPlayedSeconds} s (${error.message.split('\n')[0]})`);
    }
}

async function journey(context, problems) {
    const page = await context.newPage();
    watch(page, problems);
    await page.goto(url('/'), { timeout: remainingMs() });
    const link = page.locator('.live-meeting__title a').first();
    const title = (await link.textContent()).trim();
    await Promise.all([page.waitForURL(/\/meetings\/[0-9]+$/, { timeout: remainingMs() }), link.click()]);
    const heading = (await page.locator('h1').textContent()).trim();
    if (heading !== title) throw new Failure(`the live meeting link "${title}" led to "${heading}"`);
    // The live player, or while the meeting is recorded the recording's, starting live.
    if ((await page.locator('video[data-hls-src], video[data-live-src]:not([data-live-src=""])')
        .count()) !== 1) {
        throw new Failure('the live meeting page has no player');
    }
    await countPlayback(page);
    await waitForPlayback(page, 'the live meeting page');
    log(`home → "${title}" → played ${(await playedSeconds(page)).toFixed(1)} s`);

    // The keyboard: Tab reaches the player; Space pauses it and plays it again.
    await page.locator('video').focus();
    if (!(await page.evaluate(() => document.activeElement?.tagName === 'VIDEO'))) {
        throw new Failure('the video cannot take keyboard focus');
    }
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.querySelector('video').paused, null, { timeout: remainingMs() });
    await page.keyboard.press('Space');
    await page.waitForFunction(() => !document.querySelector('video').paused, null, { timeout: remainingMs() });
    log('Space on the focused player paused and resumed it');
    if (screenshotDir) await page.screenshot({ path: `${screenshotDir}/meeting-live.png`, fullPage: true });

    // The language switch keeps the visitor on the same meeting.
    const meetingPath = new URL(page.url()).pathname;
    await Promise.all([
        page.waitForURL((u) => u.pathname === `/en${meetingPath}`, { timeout: remainingMs() }),
        page.locator('a[hreflang="en"]').first().click(),
    ]);
    if ((await page.getAttribute('html', 'lang')) !== 'en') throw new Failure('the English page is not lang="en"');
    const english = (await page.locator('h1').textContent()).trim();
    const agenda = (await page.locator('#agenda-heading').textContent()).trim();
    if (agenda !== 'Agenda') throw new Failure(`the English meeting page's agenda heading is "${agenda}"`);
    log(`switched to English: "${english}" at /en${meetingPath}`);
    // The choice is remembered: the Lithuanian home address now opens the English home page.
    await page.goto(url('/'), { timeout: remainingMs() });
    if (new URL(page.url()).pathname !== '/en/') {
        throw new Failure(`after choosing English, / opened ${page.url()}`);
    }
    log('the language choice is remembered: / opens /en/');
    await page.close();
}

// A page on another origin with two iframes: the live widget (allowed) and the council page
// (not a widget: refused by frame-ancestors).
async function embedding(context, problems) {
    const framer = `http://localhost:${framerPort}`;
    const server = createServer((request, response) => {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(`<!DOCTYPE html><html lang="lt"><head><title>Savivaldybės svetainė</title></head><body>
<main><h1>Savivaldybės naujienos</h1>
<iframe id="widget" src="${url('/embed/live')}" title="Tiesioginė transliacija" width="640" height="480"></iframe>
<iframe id="page" src="${url('/council')}" title="Taryba" width="640" height="480"></iframe>
</main></body></html>`);
    });
    await new Promise((resolve) => server.listen(framerPort, '127.0.0.1', resolve));
    try {
        const page = await context.newPage();
        const blocked = [];
        page.on('console', (message) => {
            if (message.text().includes('frame-ancestors')) blocked.push(message.text());
        });
        await page.goto(framer, { timeout: remainingMs() });
        const widgetFrame = page.frameLocator('#widget');
        await widgetFrame.locator('video[data-hls-src]').waitFor({ timeout: remainingMs() });
        const frame = page.frames().find((f) => f.url().includes('/embed/live'));
        if (!frame) throw new Failure('the widget frame did not load');
        await countPlayback(frame);
        await waitForPlayback(frame, 'the embedded widget');
        log(`the live widget plays inside ${framer} (${(await playedSeconds(frame)).toFixed(1)} s)`);
        const council = page.frames().find((f) => f.url().includes('/council'));
        const councilHeading = council ? await council.locator('h1').count().catch(() => 0) : 0;
        if (councilHeading > 0) throw new Failure(`${framer} could frame /council, which is not a widget`);
        if (blocked.length === 0) throw new Failure('Chromium did not report the refused frame');
        log('the council page was refused inside the other origin (frame-ancestors)');
        if (screenshotDir) await page.screenshot({ path: `${screenshotDir}/embedded.png`, fullPage: true });
        await page.close();
    } finally {
        server.close();
    }
    // Nothing else on the way may have failed.
    if (problems.length > 0) throw new Failure(problems.join('\n  '));
}

// A resident keeps a planned meeting's page open; an editor starts the meeting on the staff
// page; the resident's page says so within a poll or two, without reloading.
async function liveUpdate(browser, problems) {
    const resident = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await resident.newPage();
    watch(page, problems);
    await page.goto(url('/'), { timeout: remainingMs() });
    const planned = await page.getAttribute('.meeting-card--planned a', 'href');
    if (!planned) throw new Failure('no planned meeting on the home page');
    const api = `/api/v1/meetings/${planned.split('/').pop()}`;
    // The page follows the meeting's event stream: once its header has arrived the page is
    // subscribed, and from then on any poll of the API would mean the stream was not used.
    const streamed = page.waitForResponse(
        (response) => new URL(response.url()).pathname === `${api}/events`,
        { timeout: remainingMs() },
    );
    // When the stream opens the page fetches the record once, for a change made meanwhile.
    const refreshed = page.waitForResponse(
        (response) => new URL(response.url()).pathname === api,
        { timeout: remainingMs() },
    );
    await page.goto(url(planned), { timeout: remainingMs() });
    const stream = await streamed;
    await refreshed;
    if (stream.status() !== 200 || !stream.headers()['content-type'].startsWith('text/event-stream')) {
        throw new Failure(`the meeting's event stream answered ${stream.status()} ${stream.headers()['content-type']}`);
    }
    const before = (await page.locator('#meeting-status').textContent()).trim();
    let polls = 0;
    page.on('request', (request) => {
        if (new URL(request.url()).pathname === api) ++polls;
    });

    const editor = await browser.newContext();
    const staff = await editor.newPage();
    await staff.goto(url('/login'), { timeout: remainingMs() });
    await staff.getByLabel('El. pašto adresas').fill(editorEmail);
    await staff.getByLabel('Slaptažodis').fill(editorPassword);
    await Promise.all([staff.waitForURL(/\/account$/), staff.getByRole('button', { name: 'Prisijungti' }).click()]);
    const id = planned.split('/').pop();
    await staff.goto(url(`/staff/meeting?id=${id}`), { timeout: remainingMs() });
    // The meeting's details are folded away until the editor opens them.
    await staff.locator('details:has(#meeting-status) > summary').click();
    await staff.locator('#meeting-status').selectOption('live');
    await Promise.all([
        staff.waitForLoadState('load'),
        staff.locator('form:has(#meeting-status) button[type="submit"]').click(),
    ]);
    await editor.close();

    try {
        await page.waitForFunction(
            () => document.getElementById('meeting-status').textContent.trim() === 'Vyksta dabar' &&
                document.getElementById('meeting-notice').textContent.includes('Atnaujinti puslapį'),
            null,
            { polling: 500, timeout: Math.min(remainingMs(), 45000) },
        );
    } catch (error) {
        const now = await page.locator('#meeting-status').textContent();
        throw new Failure(`the open page of meeting ${id} still says "${now.trim()}" after the editor started it`);
    }
    if (polls > 0) throw new Failure(`the open page polled the API ${polls} times instead of following its event stream`);
    log(`the open meeting page went from "${before}" to "Vyksta dabar" without reloading, through its event stream`);
    await resident.close();
}

async function run(browser) {
    const problems = [];
    const phone = { viewport: { width: 360, height: 740 } };
    const audit = await browser.newContext({ ...phone, bypassCSP: true });
    const types = await pageTypes(audit);
    const violations = [];
    const weights = [];
    for (const [name, path] of Object.entries(types)) {
        for (const prefix of ['', '/en']) {
            violations.push(...(await accessibility(audit, prefix + path)));
        }
        const fresh = await browser.newContext(phone);
        weights.push(`${name} ${((await weight(fresh, path)) / 1024).toFixed(1)} KiB`);
        await fresh.close();
    }
    log(`page weight, first visit, video aside: ${weights.join('; ')}`);
    if (violations.length > 0) throw new Failure(`accessibility:\n  ${violations.join('\n  ')}`);
    log(`${Object.keys(types).length} page types pass WCAG 2.1 A/AA (axe-core) in both languages at 360 px`);
    await audit.close();

    const watched = await browser.newContext({ ...phone, locale: 'lt-LT' });
    await journey(watched, problems);
    await liveUpdate(browser, problems);
    await embedding(watched, problems);
    await watched.close();
}

async function main() {
    if (!baseUrl || !framerPort || !editorEmail || !editorPassword) {
        console.error('public_pages: set COUNCILCAST_URL, FRAMER_PORT, EDITOR_EMAIL and EDITOR_PASSWORD');
        return 1;
    }
    if (screenshotDir) mkdirSync(screenshotDir, { recursive: true });
    // The not-found page and a refused query are visited on purpose, in both languages; any
    // other response of 400 or more fails the test.
    return runInChromium('public_pages', run, remainingMs(), [
        { status: 404, method: 'GET', path: /^(\/en)?\/no-such-page$/ },
        { status: 400, method: 'GET', path: /^(\/en)?\/meetings\?year=20x6$/ },
    ]);
}

process.exitCode = await main();

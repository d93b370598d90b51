// The annotation page as an editor uses it in Debian's Chromium at 360 px, on `councilcast demo`:
// a chapter is marked with the keyboard alone through a typed time and shows on the public
// meeting page; "mark here" fills a time field with the player's time; a range the editor hides
// is played across by the public player; the page passes axe-core's WCAG 2.1 A/AA checks in both
// languages and fits a phone.
//
//   COUNCILCAST_URL=… EMAIL=editor@… PASSWORD=… [SCREENSHOT_DIR=dir] node tests/browser/annotation_pages.mjs
import { mkdirSync } from 'node:fs';
import { Failure, runInChromium } from './chromium.mjs';
import { axeInBothLanguages, signIn, url } from './site_tools.mjs';

const baseUrl = process.env.COUNCILCAST_URL;
const email = process.env.EMAIL;
const password = process.env.PASSWORD;
const screenshotDir = process.env.SCREENSHOT_DIR || '';
const kPhone = { viewport: { width: 360, height: 740 } };
// The demo makes its archive in the background at its first start.
const kArchiveDeadlineMs = 120000;
// From 0:16 across a 20 s hole to 0:41: about 5 s of playing, and the page's start.
const kGapDeadlineMs = 30000;
// A poster or storyboard of a hidden moment is 404, as is every picture of it.
const kRecordingPictures = /^\/recordings\/\d+\/(thumbnail\.jpg|storyboard\.(vtt|jpg))/;

function log(message) {
    console.log(`annotation_pages: ${message}`);
}

async function api(path) {
    const response = await fetch(url(path));
    if (!response.ok) throw new Failure(`${path}: HTTP ${response.status}`);
    return response.json();
}

// A held meeting whose recording is ready.
async function heldMeeting() {
    const deadline = Date.now() + kArchiveDeadlineMs;
    for (;;) {
        const { meetings } = await api('/api/v1/meetings');
        for (const meeting of meetings.filter((m) => m.status === 'ended')) {
            const full = await api(`/api/v1/meetings/${meeting.id}`);
            if (full.recording && full.recording.status === 'ready') return full;
        }
        if (Date.now() > deadline) {
            throw new Failure(`the demo's archive was not ready in ${kArchiveDeadlineMs} ms`);
        }
        await new Promise((resolve) => setTimeout(resolve, 1000));
    }
}

// An editor hides 0:20-0:40; the public player, started at 0:16, plays on across the hole (its
// segments are EXT-X-GAP in the playlist) and never shows a moment inside it.
async function playsAcrossRedaction(browser, editor, meeting) {
    const problems = [];
    const staff = await editor.newPage();
    await staff.goto(url(`/staff/recordings/${meeting.id}/redactions`));
    const form = staff.locator('form', { has: staff.locator('[name="reason"]') });
    await form.locator('[name="from"]').fill('0:20');
    await form.locator('[name="to"]').fill('0:40');
    await form.locator('[name="reason"]').fill('Paminėti asmens duomenys');
    await Promise.all([staff.waitForURL(/saved=1/),
                       form.getByRole('button', { name: 'Paslėpti' }).click()]);
    await staff.close();

    // A visitor who has not played it before: a browser that has keeps what it fetched (the
    // playlist for its max-age, the segments for good).
    const visitor = await browser.newContext(kPhone);
    const page = await visitor.newPage();
    await page.goto(url(`/meetings/${meeting.id}?t=16`));
    const played = await page.locator('video.recording__video').evaluate(
        (video, deadlineMs) => new Promise((resolve) => {
            const times = [];
            const timer = setTimeout(() => resolve({ reached: false, times }), deadlineMs);
            video.addEventListener('timeupdate', () => {
                times.push(Math.round(video.currentTime * 10) / 10);
                if (video.currentTime < 41) return;
                clearTimeout(timer);
                resolve({ reached: true, times });
            });
            video.muted = true;
            video.play().catch(() => {});
        }), kGapDeadlineMs);
    // A hidden segment is hidden whole: the demo's are 2 s long, so 20-40 may grow to 18-42.
    const inside = played.times.filter((t) => t > 22 && t < 38);
    log(`played from 0:16 to ${played.times.at(-1)} s: ${played.times.filter((t) => t < 22).at(-1)} ` +
        `s, then ${played.times.find((t) => t >= 38)} s`);
    if (!played.reached) {
        problems.push(`the player did not play across the hidden 0:20-0:40: ${played.times.join(' ')}`);
    }
    if (inside.length > 0) problems.push(`the player showed hidden moments: ${inside.join(' ')}`);
    await visitor.close();
    return problems;
}

async function run(browser) {
    const problems = [];
    const meeting = await heldMeeting();
    const path = `/staff/recordings/${meeting.id}`;
    log(`annotating meeting ${meeting.id}`);
    const editor = await browser.newContext(kPhone);
    const editorAudit = await browser.newContext({ ...kPhone, bypassCSP: true });
    await signIn(editor, email, password);
    await signIn(editorAudit, email, password);

    const page = await editor.newPage();
    await page.goto(url(path));
    // With JavaScript each time field has its "mark here" button; the player is at 0.
    const markButtons = page.locator('.annotation__mark');
    if ((await markButtons.count()) < 3) problems.push('no "Žymėti čia" buttons beside the time fields');
    const speakerFrom = page.locator('#speaker-new-from');
    await page.locator('#speaker-new-from + .annotation__mark').click();
    if ((await speakerFrom.inputValue()) !== '0:00') {
        problems.push(`"Žymėti čia" filled in "${await speakerFrom.inputValue()}", not 0:00`);
    }

    // A chapter with the keyboard alone: the title, then Tab to the time, typed, and Enter.
    const title = 'Klausimų ir atsakymų dalis';
    await page.locator('#chapter-new-title_lt').focus();
    await page.keyboard.type(title);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Questions and answers');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.id);
    if (focused !== 'chapter-new-at') problems.push(`Tab from the English title reached ${focused}`);
    await page.keyboard.type('0:04.5');
    await Promise.all([page.waitForURL(/saved=1/), page.keyboard.press('Enter')]);
    if (!(await page.getByText(title).first().isVisible())) {
        problems.push('the new chapter is not listed on the annotation page');
    }

    // The public meeting page shows it at once, in its chapter list.
    const viewer = await browser.newContext(kPhone);
    const publicPage = await viewer.newPage();
    await publicPage.goto(url(`/meetings/${meeting.id}`));
    const chapter = publicPage.locator('.chapter__title', { hasText: title });
    if ((await chapter.count()) !== 1) problems.push('the chapter is not on the public meeting page');
    // The demo's speaker range and public note are there too.
    if ((await publicPage.locator('.chapter--speaker').count()) < 1) {
        problems.push('the demo shows no speaker on the public meeting page');
    }
    if ((await publicPage.locator('.chapter--note').count()) < 1) {
        problems.push('the demo shows no public note on the public meeting page');
    }
    if (screenshotDir) await publicPage.screenshot({ path: `${screenshotDir}/public.png`, fullPage: true });

    problems.push(...(await playsAcrossRedaction(browser, editor, meeting)));

    problems.push(...(await axeInBothLanguages(editorAudit, path)));
    for (const context of [editor, editorAudit, viewer]) await context.close();
    if (problems.length > 0) throw new Failure(problems.join('\n'));
}

async function main() {
    if (!baseUrl || !email || !password) {
        console.error('annotation_pages: set COUNCILCAST_URL, EMAIL and PASSWORD');
        return 2;
    }
    if (screenshotDir) mkdirSync(screenshotDir, { recursive: true });
    return runInChromium('annotation_pages', run, undefined,
                         [{ status: 404, path: kRecordingPictures }]);
}

process.exit(await main());

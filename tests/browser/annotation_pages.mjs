// The annotation page as an editor uses it in Debian's Chromium at 360 px, on `councilcast demo`:
// a chapter is marked with the keyboard alone through a typed time and shows on the public
// meeting page; "mark here" fills a time field with the player's time; the page passes
// axe-core's WCAG 2.1 A/AA checks in both languages and fits a phone.
//
//   COUNCILCAST_URL=… EMAIL=editor@… PASSWORD=… [SCREENSHOT_DIR=dir] node tests/browser/annotation_pages.mjs
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Failure, runInChromium } from './chromium.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const baseUrl = process.env.COUNCILCAST_URL;
const email = process.env.EMAIL;
const password = process.env.PASSWORD;
const screenshotDir = process.env.SCREENSHOT_DIR || '';
const kPhone = { viewport: { width: 360, height: 740 } };
// The demo makes its archive in the background at its first start.
const kArchiveDeadlineMs = 120000;
// Posters and storyboards come from the media routes; a branch without them answers 404.
const kRecordingPictures = /^\/recordings\/\d+\/(thumbnail\.jpg|storyboard\.(vtt|jpg))/;

function url(path) {
    return new URL(path.replace(/^\//, ''), baseUrl).href;
}

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

async function signIn(context) {
    const page = await context.newPage();
    await page.goto(url('/login'));
    await page.getByLabel('El. pašto adresas').fill(email);
    await page.getByLabel('Slaptažodis').fill(password);
    await Promise.all([page.waitForURL((target) => !target.pathname.startsWith('/login')),
                       page.getByRole('button', { name: 'Prisijungti' }).click()]);
    await page.close();
}

async function fitsPhone(page) {
    return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

async function axeOn(context, path) {
    const page = await context.newPage();
    await page.goto(url(path));
    await page.addScriptTag({ content: axeSource });
    const results = await page.evaluate(async () =>
        // eslint-disable-next-line no-undef
        axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
    const problems = results.violations.map(
        (v) => `${path}: ${v.id} (${v.impact}): ${v.help} – ${v.nodes.map((n) => n.target).join(', ')}`);
    if (!(await fitsPhone(page))) problems.push(`${path} is wider than a 360 px phone`);
    if (screenshotDir) {
        await page.screenshot({ path: `${screenshotDir}/${path.replace(/[^a-z0-9]+/gi, '_')}.png`,
                                fullPage: true });
    }
    await page.close();
    return problems;
}

async function run(browser) {
    const problems = [];
    const meeting = await heldMeeting();
    const path = `/staff/recordings/${meeting.id}`;
    log(`annotating meeting ${meeting.id}`);
    const editor = await browser.newContext(kPhone);
    const editorAudit = await browser.newContext({ ...kPhone, bypassCSP: true });
    await signIn(editor);
    await signIn(editorAudit);

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

    for (const audited of [path, `/en${path}`]) problems.push(...(await axeOn(editorAudit, audited)));
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

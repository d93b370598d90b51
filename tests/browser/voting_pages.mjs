// The voting pages in Debian's Chromium at 360 px: the chair opens a vote from the console, a
// council member registers and votes from the keyboard alone and hears it acknowledged (the
// ballot goes by fetch, the page is not reloaded), the member page, the console and the
// meeting page residents watch pass axe-core's WCAG 2.1 A/AA checks in Lithuanian and English,
// fit a phone, and nothing on them fails (console errors, CSP violations, failed requests).
// The meeting page a resident watches shows the vote and its count without a reload (the
// event stream's "vote" event).
//
//   COUNCILCAST_URL=… MEETING_ID=… MEMBER_EMAIL=… CHAIR_EMAIL=… PASSWORD=…
//   [SCREENSHOT_DIR=dir] node tests/browser/voting_pages.mjs
import { mkdirSync } from 'node:fs';
import { Failure, runInChromium } from './chromium.mjs';
import { axeOnPath, fitsPhone, signIn, url } from './site_tools.mjs';

const baseUrl = process.env.COUNCILCAST_URL;
const meetingId = process.env.MEETING_ID;
const memberEmail = process.env.MEMBER_EMAIL;
const chairEmail = process.env.CHAIR_EMAIL;
const password = process.env.PASSWORD;
const screenshotDir = process.env.SCREENSHOT_DIR || '';
const kPhone = { viewport: { width: 360, height: 740 } };
// The live meeting's recording lists its chapters with posters, which the recordings' media
// routes serve; on a branch without them they are 404, which the pages survive.
const kRecordingPictures = /^\/recordings\/\d+\/(thumbnail\.jpg|storyboard\.(vtt|jpg))/;

function log(message) {
    console.log(`voting_pages: ${message}`);
}

function watchPage(page, problems, name) {
    page.on('console', (message) => {
        if (message.type() !== 'error') return;
        if (/Failed to load resource/.test(message.text()) &&
            kRecordingPictures.test(new URL(message.location().url, baseUrl).pathname)) {
            return;
        }
        problems.push(`${name}: console error: ${message.text()}`);
    });
    page.on('requestfailed', (request) => {
        if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
        problems.push(`${name}: request failed: ${request.url()} (${request.failure()?.errorText})`);
    });
}

// Tab from the top of the page until `name` has the focus; false if it never does.
async function tabTo(page, name) {
    await page.locator('body').focus();
    for (let i = 0; i < 80; ++i) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
        if (focused === name) return true;
    }
    return false;
}

async function run(browser) {
    const problems = [];
    const chair = await browser.newContext(kPhone);
    const chairAudit = await browser.newContext({ ...kPhone, bypassCSP: true });
    const member = await browser.newContext(kPhone);
    const memberAudit = await browser.newContext({ ...kPhone, bypassCSP: true });
    const viewer = await browser.newContext(kPhone);
    const viewerAudit = await browser.newContext({ ...kPhone, bypassCSP: true });
    await signIn(chair, chairEmail, password);
    await signIn(chairAudit, chairEmail, password);
    await signIn(member, memberEmail, password);
    await signIn(memberAudit, memberEmail, password);

    // A resident watches the meeting page from before the vote.
    const watching = await viewer.newPage();
    watchPage(watching, problems, 'meeting page');
    await watching.goto(url(`/meetings/${meetingId}`));
    await watching.evaluate(() => { window.notReloaded = true; });

    // The member registers with the keyboard.
    const ballot = await member.newPage();
    watchPage(ballot, problems, 'member page');
    await ballot.goto(url(`/vote?meeting=${meetingId}`));
    if (!(await tabTo(ballot, 'Registruotis'))) problems.push('the Registruotis button is not reached by Tab');
    await Promise.all([ballot.waitForURL(/done=presence/), ballot.keyboard.press('Enter')]);

    // The chair moves to the first item and opens a vote from the console.
    const console_ = await chair.newPage();
    watchPage(console_, problems, 'console');
    await console_.goto(url(`/staff/sitting?meeting=${meetingId}`));
    await Promise.all([console_.waitForURL(/#sitting-agenda$/),
                       console_.getByRole('button', { name: 'Svarstyti 1 klausimą' }).click()]);
    await console_.getByLabel('Trukmė sekundėmis').fill('600');
    await Promise.all([console_.waitForURL(/#sitting-vote$/),
                       console_.getByRole('button', { name: 'Pradėti balsavimą' }).click()]);
    if (!(await console_.getByRole('button', { name: 'Baigti balsavimą' }).isVisible())) {
        problems.push('the console shows no open vote after opening one');
    }

    // The member's page, loaded now, offers the vote; Už is chosen with the keyboard alone.
    await ballot.goto(url(`/vote?meeting=${meetingId}`));
    await ballot.evaluate(() => { window.notReloaded = true; });
    if (!(await tabTo(ballot, 'Už'))) problems.push('the Už button is not reached by Tab');
    await ballot.keyboard.press('Enter');
    try {
        await ballot.waitForFunction(() =>
            document.getElementById('ballot-ack')?.textContent === 'Jūsų balsas įskaitytas: Už',
        null, { timeout: 10000 });
    } catch (error) {
        problems.push(`no acknowledgement: "${await ballot.locator('#ballot-ack').textContent()}"`);
    }
    if (!(await ballot.evaluate(() => window.notReloaded === true))) {
        problems.push('the member page reloaded to vote (the ballot should go by fetch)');
    }
    if ((await ballot.locator('#ballot-ack').getAttribute('role')) !== 'status') {
        problems.push('the acknowledgement is not a live region');
    }
    // The time left ticks beside the closing time, on the member's page and the console.
    for (const [page, name] of [[ballot, 'member page'], [console_, 'console']]) {
        try {
            await page.waitForFunction(() => /^ \(Liko (9|10):\d\d\)$/.test(
                document.querySelector('time[data-closes] + .countdown')?.textContent || ''),
            null, { timeout: 5000 });
        } catch (error) {
            const shown = await page.locator('.countdown').first().textContent().catch(() => null);
            problems.push(`the ${name} shows no time left ticking: "${shown}"`);
        }
    }
    if (!(await fitsPhone(ballot))) problems.push('the member page is wider than a 360 px phone');
    const buttonHeight = await ballot.locator('.ballot-button--for').evaluate((b) => b.offsetHeight);
    if (buttonHeight < 48) problems.push(`the Už button is only ${buttonHeight} px high`);

    // The meeting page shows the vote and its count from the event stream, without a reload.
    try {
        await watching.waitForFunction(() => {
            const region = document.querySelector('.vote-live');
            const count = region?.querySelector('.vote-counts__for dd');
            return region && !region.hidden && count && count.textContent === '1';
        }, null, { timeout: 15000 });
    } catch (error) {
        problems.push('the meeting page did not show the vote and its count without a reload');
    }
    if (!(await watching.evaluate(() => window.notReloaded === true))) {
        problems.push('the meeting page reloaded');
    }

    for (const prefix of ['', '/en']) {
        problems.push(...(await axeOnPath(memberAudit, `${prefix}/vote?meeting=${meetingId}`)));
        problems.push(...(await axeOnPath(chairAudit, `${prefix}/staff/sitting?meeting=${meetingId}`)));
        problems.push(...(await axeOnPath(viewerAudit, `${prefix}/meetings/${meetingId}`)));
    }
    for (const path of [`/en/vote?meeting=${meetingId}`]) {
        const page = await member.newPage();
        await page.goto(url(path));
        if (!(await fitsPhone(page))) problems.push(`${path} is wider than a 360 px phone`);
        await page.close();
    }
    for (const path of [`/staff/sitting?meeting=${meetingId}`, `/en/staff/sitting?meeting=${meetingId}`]) {
        const page = await chair.newPage();
        await page.goto(url(path));
        if (!(await fitsPhone(page))) problems.push(`${path} is wider than a 360 px phone`);
        await page.close();
    }
    if (screenshotDir) await ballot.screenshot({ path: `${screenshotDir}/member-voted.png`, fullPage: true });
    for (const context of [chair, chairAudit, member, memberAudit, viewer, viewerAudit]) await context.close();
    if (problems.length > 0) throw new Failure(problems.join('\n'));
}

async function main() {
    if (!baseUrl || !meetingId || !memberEmail || !chairEmail || !password) {
        console.error('voting_pages: set COUNCILCAST_URL, MEETING_ID, MEMBER_EMAIL, CHAIR_EMAIL and PASSWORD');
        return 2;
    }
    if (screenshotDir) mkdirSync(screenshotDir, { recursive: true });
    return runInChromium('voting_pages', run, undefined,
                         [{ status: 404, path: kRecordingPictures }]);
}

process.exit(await main());

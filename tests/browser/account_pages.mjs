// The account pages in Debian's Chromium, as a resident and an administrator meet them: every
// page passes axe-core's WCAG 2.1 A/AA checks and fits a 360 px phone, nothing on them fails
// (console errors, CSP violations, failed requests), and a real sign-in through the form lands
// on the account page with the address shown, in Lithuanian and in English. The editors' pages
// (roster, meetings, one meeting) are checked the same way, and once more with a refused form
// showing its errors.
//
//   COUNCILCAST_URL=http://127.0.0.1:8080/ EMAIL=admin@example.lt PASSWORD=… \
//   [SCREENSHOT_DIR=dir] node tests/browser/account_pages.mjs
//
// The account EMAIL (an administrator) must exist. Exits 0 on success, 1 saying what failed.
import { mkdirSync } from 'node:fs';
import { Failure, runInChromium } from './chromium.mjs';
import { axeOnPage, axeOnPath, fitsPhone } from './site_tools.mjs';

const baseUrl = process.env.COUNCILCAST_URL;
const email = process.env.EMAIL;
const password = process.env.PASSWORD;
const screenshotDir = process.env.SCREENSHOT_DIR || '';

function log(message) {
    console.log(`account_pages: ${message}`);
}

// A new meeting refused by the server (a committee meeting without its committee, in a year before
// 1900 that the browser's field allows): the errors are listed and tied to their fields, and the
// page still passes axe.
async function checkRefusedMeeting(context) {
    const found = [];
    const page = await context.newPage();
    await page.goto(new URL('staff/meetings', baseUrl).href);
    await page.getByLabel('Posėdžio rūšis').selectOption('committee');
    await page.locator('#meeting-new-title_lt').fill('Neeilinis posėdis');
    await page.locator('#meeting-new-starts').fill('1800-03-29T10:30');
    await page.getByRole('button', { name: 'Sukurti posėdį' }).click();
    await page.waitForSelector('.alert--error');
    const described = await page.locator('#meeting-new-starts').getAttribute('aria-describedby');
    if (described !== 'meeting-new-starts-hint meeting-new-starts-error') {
        found.push(`the time's error is not tied to its field: ${described}`);
    }
    if (await page.locator('#meeting-new-title_lt').inputValue() !== 'Neeilinis posėdis') {
        found.push('the refused form lost what was typed');
    }
    found.push(...(await axeOnPage(page, 'refused meeting form')));
    await page.close();
    return found;
}

async function run(browser) {
    const problems = [];
    const watched = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const audit = await browser.newContext({ viewport: { width: 360, height: 740 }, bypassCSP: true });
    const page = await watched.newPage();
    page.on('console', (message) => {
        // Chromium logs every 4xx page as an error; the wrong password's 401 is expected.
        const expected = message.text().includes('status of 401');
        if (message.type() === 'error' && !expected) problems.push(`console error: ${message.text()}`);
    });
    // Leaving a page aborts what it was still fetching (the home page's player): not a failure.
    page.on('requestfailed', (request) => {
        if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
        problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
    });

    const publicPages = ['login', 'signup', 'forgot', 'en/login', 'en/signup', 'en/forgot'];
    for (const path of publicPages) {
        await page.goto(new URL(path, baseUrl).href);
        problems.push(...(await axeOnPath(audit, path)));
    }

    // A wrong password: the error is announced and tied to the field.
    await page.goto(new URL('login', baseUrl).href);
    await page.getByLabel('El. pašto adresas').fill(email);
    await page.getByLabel('Slaptažodis').fill('not the password');
    await page.getByRole('button', { name: 'Prisijungti' }).click();
    await page.waitForSelector('.alert--error');
    const described = await page.getByLabel('El. pašto adresas').getAttribute('aria-describedby');
    if (described !== 'email-error') problems.push(`the error is not tied to the field: ${described}`);
    if (screenshotDir) await page.screenshot({ path: `${screenshotDir}/login-error.png`, fullPage: true });

    // The real sign-in, through the form.
    await page.getByLabel('El. pašto adresas').fill(email);
    await page.getByLabel('Slaptažodis').fill(password);
    await page.getByRole('button', { name: 'Prisijungti' }).click();
    await page.waitForURL(/\/account$/);
    const intro = await page.locator('.lead').first().textContent();
    if (!intro.includes(email)) problems.push(`the account page does not name ${email}: ${intro}`);
    if (screenshotDir) await page.screenshot({ path: `${screenshotDir}/account.png`, fullPage: true });

    // The signed-in pages, checked with the session of the audit context.
    const cookies = await watched.cookies();
    await audit.addCookies(cookies);
    for (const path of ['account', 'en/account', 'staff/users', 'staff/audit', 'staff/mail']) {
        await page.goto(new URL(path, baseUrl).href);
        problems.push(...(await axeOnPath(audit, path)));
    }
    if (screenshotDir) await page.screenshot({ path: `${screenshotDir}/staff-mail.png`, fullPage: true });

    // The editors' pages (an administrator may use them too), in both languages.
    await page.goto(new URL('staff/meetings', baseUrl).href);
    const meetingHref = await page.locator('a[href^="/staff/meeting?id="]').first().getAttribute('href');
    const meeting = meetingHref.slice(1);
    const editorPages = ['staff/meetings', 'staff/council', meeting, 'en/staff/meetings',
        'en/staff/council', `en/${meeting}`, 'staff/council?member=1', 'staff/council?committee=1',
        'staff/recordings', 'en/staff/recordings'];
    for (const path of editorPages) {
        await page.goto(new URL(path, baseUrl).href);
        problems.push(...(await axeOnPath(audit, path)));
    }
    await page.goto(new URL(meeting, baseUrl).href);
    // Every details of the meeting page opened, so its forms are seen at 360 px too.
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
    if (!(await fitsPhone(page))) problems.push(`${meeting} with every form open is wider than 360 px`);
    if (screenshotDir) await page.screenshot({ path: `${screenshotDir}/staff-meeting.png`, fullPage: true });
    problems.push(...(await checkRefusedMeeting(audit)));
    await page.goto(new URL('staff/users', baseUrl).href);
    if (screenshotDir) await page.screenshot({ path: `${screenshotDir}/staff-users.png`, fullPage: true });

    // Sign out from the header: the button posts, and the account page then asks to sign in.
    await page.getByRole('button', { name: 'Atsijungti' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.goto(new URL('account', baseUrl).href);
    if (!page.url().includes('/login?next=')) problems.push(`signed out, /account led to ${page.url()}`);

    await watched.close();
    await audit.close();
    if (problems.length > 0) throw new Failure(problems.join('\n'));
}

async function main() {
    if (!baseUrl || !email || !password) {
        console.error('account_pages: set COUNCILCAST_URL, EMAIL and PASSWORD');
        return 2;
    }
    if (screenshotDir) mkdirSync(screenshotDir, { recursive: true });
    // The wrong password (401) and the refused meeting (422) are the test's own doing; every other
    // response of 400 or more, on any page or context, fails it.
    return runInChromium('account_pages', run, undefined, [
        { status: 401, method: 'POST', path: /^\/login$/ },
        { status: 422, method: 'POST', path: /^\/staff\/meetings$/ },
    ]);
}

process.exit(await main());

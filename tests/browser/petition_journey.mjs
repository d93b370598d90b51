// A petition's journey in Debian's Chromium, on a phone's 360 px, as its people meet it: a
// resident starts one (a too-short title refused first, the error tied to its field), follows
// the private link from the mail (read on the demo's staff mail page, as a newcomer does),
// gathers a sponsor who signs and confirms from the mail, a moderator publishes it, a resident
// signs, confirms from the mail and sees the count. Every page of the journey passes axe-core's
// WCAG 2.1 A/AA checks in Lithuanian and in English and fits the phone.
//
//   COUNCILCAST_URL=http://127.0.0.1:8080/ ADMIN_EMAIL=admin@example.lt PASSWORD=… \
//   [SCREENSHOT_DIR=dir] node tests/browser/petition_journey.mjs
//
// The server must need one sponsor ([petitions] sponsors = 1) and write mail as files; the
// ADMIN_EMAIL account (an administrator: the mail page and the moderators' pages) must exist.
// Exits 0 on success, 1 saying what failed.
import { mkdirSync } from 'node:fs';
import { Failure, runInChromium } from './chromium.mjs';
import { axeAsItStands, axeInBothLanguages, mailedLink, pathOf, signIn, url } from './site_tools.mjs';

const baseUrl = process.env.COUNCILCAST_URL;
const adminEmail = process.env.ADMIN_EMAIL;
const password = process.env.PASSWORD;
const screenshotDir = process.env.SCREENSHOT_DIR || '';
const kPhone = { viewport: { width: 360, height: 740 } };
const kCountDeadlineMs = 10000;

function log(message) {
    console.log(`petition_journey: ${message}`);
}

async function fillSignForm(page, name, email) {
    await page.locator('#sign-name').fill(name);
    await page.locator('#sign-email').fill(email);
    await page.locator('#sign-eldership').selectOption({ index: 1 });
    await page.locator('#sign-eligible').check();
    await page.locator('#sign-consent').check();
}

async function confirmFrom(admin, context, email) {
    const confirm = await mailedLink(admin, email, '/petitions/confirm/');
    const page = await context.newPage();
    await page.goto(url(confirm));
    await Promise.all([page.waitForURL(/counted=1/),
                       page.getByRole('button', { name: 'Patvirtinti parašą' }).click()]);
    return { page, confirm };
}

async function run(browser) {
    const problems = [];
    const admin = await browser.newContext(kPhone);
    const audit = await browser.newContext({ ...kPhone, bypassCSP: true });
    await signIn(admin, adminEmail, password);
    await signIn(audit, adminEmail, password);

    // ---- a resident starts a petition; a too-short title is refused at its field first
    const creator = await browser.newContext(kPhone);
    const start = await creator.newPage();
    await start.goto(url('/petitions/new'));
    const title = 'Dviračių takas į Vievį';
    await start.getByLabel('Pavadinimas').fill('Takas');
    await start.getByLabel('Peticijos tekstas').fill(
        'Kelyje į Vievį nėra dviračių tako.\n\nPrašome tarybą jį nutiesti kitais metais.');
    await start.getByLabel('Jūsų vardas ir pavardė').fill('Jonas Jonaitis');
    await start.locator('#start-email').fill('jonas@example.lt');
    await start.getByLabel('Laiškų kalba').selectOption('lt');
    await start.locator('#start-consent').check();
    await Promise.all([start.waitForSelector('.alert--error'),
                       start.getByRole('button', { name: 'Siųsti man nuorodą' }).click()]);
    const described = await start.locator('#start-title').getAttribute('aria-describedby');
    if (!described || !described.includes('start-title-error')) {
        problems.push(`the title's error is not tied to its field: ${described}`);
    }
    if (await start.locator('#start-email').inputValue() !== 'jonas@example.lt') {
        problems.push('the refused form lost what was typed');
    }
    problems.push(...(await axeAsItStands(audit, start, 'refused start form')));
    await start.getByLabel('Pavadinimas').fill(title);
    await start.locator('#start-consent').check();
    await Promise.all([start.waitForURL(/sent=1/),
                       start.getByRole('button', { name: 'Siųsti man nuorodą' }).click()]);
    log('started; following the private link from the mail');

    // ---- the creator's page: gather sponsors, the link to share
    const manage = await mailedLink(admin, 'jonas@example.lt', '/petitions/manage/');
    const own = await creator.newPage();
    await own.goto(url(manage));
    await Promise.all([own.waitForLoadState('load'),
                       own.getByRole('button', { name: 'Pradėti rinkti rėmėjus' }).click()]);
    await own.waitForSelector('.petition-manage__link');
    const sponsorLink = pathOf(await own.locator('.petition-manage__link').getAttribute('href'));
    const petitionId = sponsorLink.match(/\/petitions\/(\d+)\//)[1];
    problems.push(...(await axeInBothLanguages(audit, manage)));

    // ---- a sponsor signs through the link and confirms from the mail
    const sponsor = await browser.newContext(kPhone);
    const sponsoring = await sponsor.newPage();
    await sponsoring.goto(url(sponsorLink));
    problems.push(...(await axeInBothLanguages(audit, sponsorLink)));
    await fillSignForm(sponsoring, 'Ona Onaitė', 'ona@example.lt');
    await Promise.all([sponsoring.waitForURL(/sent=1/),
                       sponsoring.getByRole('button', { name: 'Paremti' }).click()]);
    const sponsored = await confirmFrom(admin, sponsor, 'ona@example.lt');
    problems.push(...(await axeInBothLanguages(audit, sponsored.confirm)));
    log(`petition ${petitionId} sponsored; moderating`);

    // ---- a moderator publishes it from the queue
    const moderating = await admin.newPage();
    await moderating.goto(url('/staff/petitions'));
    await Promise.all([moderating.waitForURL(new RegExp(`/staff/petitions/${petitionId}$`)),
                       moderating.getByRole('link', { name: title }).first().click()]);
    await Promise.all([moderating.waitForURL(/saved=1/),
                       moderating.getByRole('button', { name: 'Paskelbti pasirašyti' }).click()]);
    problems.push(...(await axeInBothLanguages(audit, '/staff/petitions')));
    problems.push(...(await axeInBothLanguages(audit, `/staff/petitions/${petitionId}`)));

    // ---- a resident signs, confirms from the mail and sees the count
    const resident = await browser.newContext(kPhone);
    const signing = await resident.newPage();
    const signPath = `/petitions/${petitionId}/sign`;
    await signing.goto(url(signPath));
    problems.push(...(await axeInBothLanguages(audit, signPath)));
    await fillSignForm(signing, 'Petras Petraitis', 'petras@example.lt');
    await signing.locator('#sign-notify').check();
    await Promise.all([signing.waitForURL(/sent=1/),
                       signing.getByRole('button', { name: 'Pasirašyti' }).click()]);
    await confirmFrom(admin, resident, 'petras@example.lt');
    // The sponsor and the resident: two, once the tally (every 250 ms) has folded them in.
    const deadline = Date.now() + kCountDeadlineMs;
    for (;;) {
        await signing.goto(url(signPath));
        const count = await signing.locator('.petition-sign__count').textContent();
        if (count.includes('Patvirtinti 2 parašai.')) break;
        if (Date.now() > deadline) throw new Failure(`the count stayed at "${count}"`);
        await signing.waitForTimeout(200);
    }
    problems.push(...(await axeInBothLanguages(audit, '/petitions/new')));
    for (const context of [admin, audit, creator, sponsor, resident]) await context.close();
    if (problems.length > 0) throw new Failure(problems.join('\n'));
}

async function main() {
    if (!baseUrl || !adminEmail || !password) {
        console.error('petition_journey: set COUNCILCAST_URL, ADMIN_EMAIL and PASSWORD');
        return 2;
    }
    if (screenshotDir) mkdirSync(screenshotDir, { recursive: true });
    // The too-short title is refused on purpose.
    return runInChromium('petition_journey', run, undefined,
                         [{ status: 422, method: 'POST', path: /^\/petitions\/new$/ }]);
}

process.exit(await main());

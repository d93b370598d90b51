// A consultation booked in Debian's Chromium on a phone's 360 px, as residents meet it: first
// without JavaScript (the topics, the plain list of days and times, the held time's details
// form with a refused field, "check your mail", the mailed confirmation button, the booking's
// own page), then with it and by keyboard alone (the month grid: arrow keys between days, Enter
// shows a day's times and moves to them, Enter holds a time, the form filled and sent). Every
// page of it passes axe-core's WCAG 2.1 A/AA checks in Lithuanian and in English (the times
// page with the script's grid and without it) and fits the phone. Times are the municipality's whatever the device's
// zone: the browser runs in New York.
//
//   COUNCILCAST_URL=http://127.0.0.1:8080/ ADMIN_EMAIL=admin@example.lt PASSWORD=… \
//   SERVICE_PATH=/consultations/1 [SCREENSHOT_DIR=dir] node tests/browser/booking_journey.mjs
//
// The server must write mail as files; ADMIN_EMAIL (an administrator) reads it on the staff
// mail page. SERVICE_PATH is a topic with free times, in person, offered in Lithuanian and
// English. Exits 0 on success, 1 saying what failed.
import { mkdirSync } from 'node:fs';
import { Failure, runInChromium } from './chromium.mjs';
import { axeAsItStands, axeInEachContext, mailedLink, pathOf, signIn, url } from './site_tools.mjs';

const baseUrl = process.env.COUNCILCAST_URL;
const adminEmail = process.env.ADMIN_EMAIL;
const password = process.env.PASSWORD;
const servicePath = process.env.SERVICE_PATH;
const screenshotDir = process.env.SCREENSHOT_DIR || '';
const kPhone = { viewport: { width: 360, height: 740 }, timezoneId: 'America/New_York' };

function log(message) {
    console.log(`booking_journey: ${message}`);
}

async function withoutScript(browser, admin, audits) {
    const problems = [];
    const context = await browser.newContext({ ...kPhone, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(url('/consultations'));
    problems.push(...(await axeInEachContext(audits.slice(0, 1), '/consultations')));
    await Promise.all([page.waitForURL((target) => target.pathname === servicePath),
                       page.locator(`a[href="${servicePath}"]`).first().click()]);
    if (await page.locator('.booking-grid').count() !== 0) {
        problems.push('without JavaScript the page still shows a grid');
    }
    const days = await page.locator('.booking-day').count();
    if (days < 2) problems.push(`without JavaScript the list shows ${days} days`);
    // Every time shown is on the municipality's clock, not New York's.
    const shown = await page.locator('.booking-day__times time').evaluateAll(
        (times) => times.map((t) => t.getAttribute('datetime')));
    if (!shown.every((t) => /\+0[23]:00$/.test(t))) problems.push(`times not in Vilnius: ${shown[0]}`);
    problems.push(...(await axeInEachContext(audits, servicePath)));
    await Promise.all([page.waitForURL(/\/consultations\/hold\//),
                       page.locator('.booking-day__times button').first().click()]);
    const formPath = pathOf(page.url());
    log(`held a time without JavaScript: ${formPath}`);
    problems.push(...(await axeInEachContext(audits.slice(0, 1), formPath)));

    // A refused field first: its error tied to it, what was typed kept.
    await page.getByLabel('Vardas ir pavardė').fill('Ona Onaitė');
    await page.getByLabel('El. pašto adresas').fill('ne adresas');
    await page.getByLabel('Konsultacijos kalba').selectOption('lt');
    await Promise.all([page.waitForSelector('.alert--error'),
                       page.getByRole('button', { name: 'Rezervuoti' }).click()]);
    const described = await page.locator('#book-email').getAttribute('aria-describedby');
    if (!described || !described.includes('book-email-error')) {
        problems.push(`the address's error is not tied to its field: ${described}`);
    }
    if (await page.getByLabel('Vardas ir pavardė').inputValue() !== 'Ona Onaitė') {
        problems.push('the refused form lost what was typed');
    }
    problems.push(...(await axeAsItStands(audits[0][0], page, 'refused details form')));
    await page.getByLabel('El. pašto adresas').fill('ona@example.lt');
    await Promise.all([page.waitForURL(/sent=1/),
                       page.getByRole('button', { name: 'Rezervuoti' }).click()]);
    problems.push(...(await axeInEachContext(audits.slice(0, 1), pathOf(page.url()))));

    // The mailed link: a button, then the booking is confirmed and has its own page.
    const confirm = await mailedLink(admin, 'ona@example.lt', '/consultations/confirm/');
    problems.push(...(await axeInEachContext(audits.slice(0, 1), confirm)));
    await page.goto(url(confirm));
    await Promise.all([page.waitForURL(/done=1/),
                       page.getByRole('button', { name: 'Patvirtinti rezervaciją' }).click()]);
    const own = await mailedLink(admin, 'ona@example.lt', '/consultations/booking/');
    await page.goto(url(own));
    if (!(await page.locator('.booking-facts').textContent()).includes('Rūta Valdininkė')) {
        problems.push('the booking\'s page does not name the official');
    }
    problems.push(...(await axeInEachContext(audits.slice(0, 1), own)));
    log('booked and confirmed without JavaScript');
    await context.close();
    return problems;
}

async function withKeyboard(browser, audits) {
    const problems = [];
    const context = await browser.newContext(kPhone);
    const page = await context.newPage();
    await page.goto(url(`/en${servicePath}`));
    await page.waitForSelector('.booking-grid');
    const visible = await page.locator('.booking-day:not([hidden])').count();
    if (visible !== 1) problems.push(`the grid shows ${visible} days at once, not one`);
    const first = page.locator('.booking-grid__day').first();
    await first.focus();
    const firstDay = await first.getAttribute('data-day');
    await page.keyboard.press('ArrowRight');
    const moved = await page.evaluate(() => document.activeElement.getAttribute('data-day'));
    if (!moved || moved === firstDay) problems.push('the arrow key did not move to the next day');
    await page.keyboard.press('Enter');
    const focused = await page.evaluate(() => {
        const active = document.activeElement;
        return active.name === 'start' && !active.closest('.booking-day').hidden;
    });
    if (!focused) problems.push('Enter on a day did not move to its times');
    const pressed = await page.locator('.booking-grid__day[aria-pressed="true"]').getAttribute('data-day');
    if (pressed !== moved) problems.push('the chosen day is not marked pressed');
    problems.push(...(await axeAsItStands(audits[0][0], page, 'grid with a day chosen')));
    await Promise.all([page.waitForURL(/\/en\/consultations\/hold\//), page.keyboard.press('Enter')]);
    await page.getByLabel('Your name').focus();
    await page.keyboard.type('Jonas Jonaitis');
    await page.keyboard.press('Tab');
    await page.keyboard.type('jonas@example.lt');
    await page.getByLabel('Language of the consultation').selectOption('en');
    await page.getByRole('button', { name: 'Book' }).focus();
    await Promise.all([page.waitForURL(/sent=1/), page.keyboard.press('Enter')]);
    log('booked by keyboard with the grid');
    await context.close();
    return problems;
}

async function run(browser) {
    const admin = await browser.newContext(kPhone);
    await signIn(admin, adminEmail, password);
    const audit = await browser.newContext({ ...kPhone, bypassCSP: true });
    const auditPlain = await browser.newContext({ ...kPhone, bypassCSP: true });
    await auditPlain.route('**/booking.js', (route) => route.abort());
    const audits = [[audit, 'with JavaScript'], [auditPlain, 'without JavaScript']];
    const problems = [];
    problems.push(...(await withoutScript(browser, admin, audits)));
    problems.push(...(await withKeyboard(browser, audits)));
    for (const context of [admin, audit, auditPlain]) await context.close();
    if (problems.length > 0) throw new Failure(problems.join('\n'));
}

async function main() {
    if (!baseUrl || !adminEmail || !password || !servicePath) {
        console.error('booking_journey: set COUNCILCAST_URL, ADMIN_EMAIL, PASSWORD and SERVICE_PATH');
        return 2;
    }
    if (screenshotDir) mkdirSync(screenshotDir, { recursive: true });
    // The refused address, and the hold page and mailed links opened again on purpose by axe
    // once they have acted (a used hold's page, a used confirmation link).
    return runInChromium('booking_journey', run, undefined,
                         [{ status: 422, method: 'POST', path: /\/consultations\/hold\// },
                          { status: 410, method: 'GET', path: /\/consultations\/(hold|confirm)\// }]);
}

process.exit(await main());

// An official's consultation pages in Debian's Chromium, on a phone's 360 px: their week and a
// day with the demo's bookings, a past booking marked attended (and the mark shown back), a
// private note saved, their hours and calendar pages; the administrators' departments and
// services. Every page passes axe-core's WCAG 2.1 A/AA checks in Lithuanian and in English and
// fits the phone.
//
//   COUNCILCAST_URL=http://127.0.0.1:8080/ OFFICIAL_EMAIL=… ADMIN_EMAIL=… PASSWORD=… \
//   [SCREENSHOT_DIR=dir] node tests/browser/booking_staff.mjs
//
// OFFICIAL_EMAIL must be one of the demo's officials (portal/bookings/demo_bookings.hpp), made
// with `councilcast user add --role official` before the first `serve --seed-demo`, which then
// gives that account the demo's hours and bookings; ADMIN_EMAIL an administrator; both with
// PASSWORD. Exits 0 on success, 1 saying what failed.
import { mkdirSync } from 'node:fs';
import { Failure, runInChromium } from './chromium.mjs';
import { axeInBothLanguages, pathOf, signIn, url } from './site_tools.mjs';

const baseUrl = process.env.COUNCILCAST_URL;
const officialEmail = process.env.OFFICIAL_EMAIL;
const adminEmail = process.env.ADMIN_EMAIL;
const password = process.env.PASSWORD;
const screenshotDir = process.env.SCREENSHOT_DIR || '';
const kPhone = { viewport: { width: 360, height: 740 } };

function log(message) {
    console.log(`booking_staff: ${message}`);
}

// The first confirmed booking of the official's weeks, from `weeksBack` weeks back to three
// ahead, whose page has the button `button` (marking: its time has begun; cancelling: it has
// not): its page's path and its day's.
async function findBooking(page, weeksBack, button) {
    const today = new Date();
    for (let week = -weeksBack; week <= 3; ++week) {
        const day = new Date(today.getTime() + week * 7 * 86400000).toISOString().slice(0, 10);
        await page.goto(url(`/staff/consultations/week?date=${day}`));
        const cards = page.locator('.booking-card', { hasText: 'Patvirtinta' });
        const found = [];
        for (let i = 0; i < await cards.count(); ++i) {
            const card = cards.nth(i);
            found.push({
                booking: pathOf(await card.locator('.booking-card__time a').getAttribute('href')),
                day: pathOf(await card.locator('xpath=ancestor::section[1]//h2//a').getAttribute('href')),
            });
        }
        for (const candidate of found) {
            await page.goto(url(candidate.booking));
            if (await page.getByRole('button', { name: button }).count() > 0) return candidate;
        }
    }
    throw new Failure(`no confirmed booking offering "${button}" in the official's weeks`);
}

async function run(browser) {
    const problems = [];
    const official = await browser.newContext(kPhone);
    const audit = await browser.newContext({ ...kPhone, bypassCSP: true });
    const admin = await browser.newContext(kPhone);
    await signIn(official, officialEmail, password);
    await signIn(audit, officialEmail, password);
    await signIn(admin, adminEmail, password);

    // ---- the week, then a day, with the demo's bookings; both fit the phone
    const page = await official.newPage();
    await page.goto(url('/staff/consultations'));
    if (!(await page.locator('h1').textContent()).includes('Mano diena')) {
        problems.push('an official does not land on their day');
    }
    const upcoming = await findBooking(page, 0, 'Atšaukti registraciją');
    log(`an upcoming booking at ${upcoming.booking}`);
    await page.goto(url(upcoming.day));
    if (await page.locator(`a[href="${upcoming.booking}"]`).count() !== 1) {
        problems.push(`the day ${upcoming.day} does not list ${upcoming.booking}`);
    }
    problems.push(...(await axeInBothLanguages(audit, upcoming.day)));
    problems.push(...(await axeInBothLanguages(audit, upcoming.day.replace('/day?', '/week?'))));

    // ---- a booking already held: marked attended, a private note kept
    const past = await findBooking(page, 2, 'Pažymėti: atvyko');
    const held = past.booking;
    await page.goto(url(held));
    problems.push(...(await axeInBothLanguages(audit, held)));
    await page.locator('#note-private_note').fill('Atnešė visus dokumentus.');
    await Promise.all([page.waitForURL(/saved=note/),
                       page.getByRole('button', { name: 'Išsaugoti pastabas' }).click()]);
    if (await page.locator('#note-private_note').inputValue() !== 'Atnešė visus dokumentus.') {
        problems.push('the private note was not kept');
    }
    const mark = page.getByRole('button', { name: 'Pažymėti: atvyko' });
    if (await mark.count() === 0) {
        problems.push(`${held} offers no attended mark`);
    } else {
        await Promise.all([page.waitForURL(/saved=mark/), mark.click()]);
        const state = await page.locator('.facts').textContent();
        if (!state.includes('Įvyko')) problems.push(`${held} does not say attended: ${state}`);
    }
    log(`${held} marked attended`);

    // ---- their hours and calendar; the administrators' page
    problems.push(...(await axeInBothLanguages(audit, '/staff/consultations/hours')));
    problems.push(...(await axeInBothLanguages(audit, '/staff/consultations/calendar')));
    const adminAudit = await browser.newContext({ ...kPhone, bypassCSP: true });
    await signIn(adminAudit, adminEmail, password);
    problems.push(...(await axeInBothLanguages(adminAudit, '/staff/consultations')));
    const adminPage = await admin.newPage();
    await adminPage.goto(url('/staff/consultations'));
    const service = await adminPage.locator('.data-table a').first().getAttribute('href');
    problems.push(...(await axeInBothLanguages(adminAudit, pathOf(service))));

    for (const context of [official, audit, admin, adminAudit]) await context.close();
    if (problems.length > 0) throw new Failure(problems.join('\n'));
}

async function main() {
    if (!baseUrl || !officialEmail || !adminEmail || !password) {
        console.error('booking_staff: set COUNCILCAST_URL, OFFICIAL_EMAIL, ADMIN_EMAIL and PASSWORD');
        return 2;
    }
    if (screenshotDir) mkdirSync(screenshotDir, { recursive: true });
    return runInChromium('booking_staff', run);
}

process.exit(await main());

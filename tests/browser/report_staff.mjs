// The staff's problem report pages in Debian's Chromium, on a phone's 360 px: an administrator
// finds the resident's report (report_journey.mjs wrote its path to REPORT_FILE) in the list by
// its filters, answers it with a public update that schedules the work (UPDATE_TEXT, which the
// resident's journey then looks for), writes an internal note, hides a photo and shows it again,
// and sees a refused update said at its field. Every page passes axe-core's WCAG 2.1 A/AA checks
// in Lithuanian and in English and fits the phone.
//
//   COUNCILCAST_URL=http://127.0.0.1:8080/ ADMIN_EMAIL=… PASSWORD=… REPORT_FILE=/tmp/report \
//   UPDATE_TEXT='…' [SCREENSHOT_DIR=dir] node tests/browser/report_staff.mjs
//
// Exits 0 on success, 1 saying what failed.
import { mkdirSync, readFileSync } from 'node:fs';
import { Failure, runInChromium } from './chromium.mjs';
import { axeInBothLanguages, axeOnPage, signIn, url } from './site_tools.mjs';

const baseUrl = process.env.COUNCILCAST_URL;
const adminEmail = process.env.ADMIN_EMAIL;
const password = process.env.PASSWORD;
const reportFile = process.env.REPORT_FILE;
const updateText = process.env.UPDATE_TEXT;
const screenshotDir = process.env.SCREENSHOT_DIR || '';
const kPhone = { viewport: { width: 360, height: 740 } };
// The state the update moves the report to, as the Lithuanian page names it.
const kScheduled = 'Darbai suplanuoti';

function log(message) {
    console.log(`report_staff: ${message}`);
}

async function run(browser) {
    const problems = [];
    const staffPath = readFileSync(reportFile, 'utf8').trim().replace(/^\/reports\//, '/staff/reports/');
    const admin = await browser.newContext(kPhone);
    const audit = await browser.newContext({ ...kPhone, bypassCSP: true });
    await signIn(admin, adminEmail, password);
    await signIn(audit, adminEmail, password);

    // ---- the list, filtered to the unresolved reports, finds the resident's report
    const page = await admin.newPage();
    await page.goto(url('/staff/reports'));
    await page.getByLabel('Būsena').selectOption('unresolved');
    await Promise.all([page.waitForURL(/state=unresolved/),
                       page.getByRole('button', { name: 'Rodyti' }).click()]);
    if (await page.locator(`a[href="${staffPath}"]`).count() !== 1) {
        problems.push(`the unresolved reports do not list ${staffPath}`);
    }
    problems.push(...(await axeInBothLanguages(audit, '/staff/reports?state=unresolved')));
    log(`the list shows ${staffPath}`);

    // ---- a refused update: said at its field, the form kept (in the context axe may run in)
    const refused = await audit.newPage();
    await refused.goto(url(staffPath));
    await Promise.all([refused.waitForResponse((response) => response.request().method() === 'POST'),
                       refused.getByRole('button', { name: 'Skelbti atnaujinimą' }).click()]);
    await refused.waitForLoadState();
    if (await refused.locator('#update-text-error').count() !== 1) {
        problems.push('an empty update is not refused at its text field');
    }
    problems.push(...(await axeOnPage(refused, `${staffPath} refused`)));
    await refused.close();

    // ---- the public update: work scheduled, by keyboard
    await page.goto(url(staffPath));
    await page.getByLabel('Nauja būsena').selectOption('action_scheduled');
    await page.getByLabel('Atnaujinimo tekstas').fill(updateText);
    await page.getByLabel('Atnaujinimo tekstas').focus();
    await page.keyboard.press('Tab');
    await Promise.all([page.waitForURL(/saved=update/), page.keyboard.press('Enter')]);
    const facts = await page.locator('.report-staff-facts').textContent();
    if (!facts.includes(kScheduled)) {
        problems.push(`the state does not read "${kScheduled}": ${facts.replace(/\s+/g, ' ')}`);
    }
    if (!(await page.locator('.report-staff-updates').textContent()).includes(updateText)) {
        problems.push('the update is not listed on the report');
    }
    log(`${staffPath} answered`);

    // ---- an internal note, marked as such
    await page.locator('form[action$="/note"] textarea').fill('Rangovas patvirtino terminą telefonu.');
    await Promise.all([page.waitForURL(/saved=note/),
                       page.getByRole('button', { name: 'Įrašyti pastabą' }).click()]);
    const internal = page.locator('.report-staff-update--internal');
    if (!(await internal.last().textContent()).includes('Rangovas patvirtino')) {
        problems.push('the internal note is not shown as one');
    }

    // ---- a photo hidden and shown again (the resident's journey still sees it)
    const hide = page.getByRole('button', { name: 'Paslėpti nuotrauką' });
    if (await hide.count() === 0) {
        problems.push(`${staffPath} offers no photo to hide`);
    } else {
        await Promise.all([page.waitForURL(/saved=photo/), hide.first().click()]);
        if (!(await page.locator('.report-staff-photos').textContent()).includes('paslėpta')) {
            problems.push('the hidden photo is not marked hidden');
        }
        await Promise.all([page.waitForURL(/saved=photo/),
                           page.getByRole('button', { name: 'Rodyti nuotrauką' }).first().click()]);
    }
    problems.push(...(await axeInBothLanguages(audit, staffPath)));

    for (const context of [admin, audit]) await context.close();
    if (problems.length > 0) throw new Failure(problems.join('\n'));
}

async function main() {
    if (!baseUrl || !adminEmail || !password || !reportFile || !updateText) {
        console.error('report_staff: set COUNCILCAST_URL, ADMIN_EMAIL, PASSWORD, REPORT_FILE and ' +
                      'UPDATE_TEXT');
        return 2;
    }
    if (screenshotDir) mkdirSync(screenshotDir, { recursive: true });
    // The empty update is refused on purpose.
    return runInChromium('report_staff', run, undefined,
                         [{ status: 422, method: 'POST', path: /^\/staff\/reports\/\d+\/update$/ }]);
}

process.exit(await main());

// A problem report made in Debian's Chromium on a phone's 360 px, as residents meet it: the map
// reached by keyboard alone (Tab to it, the arrow keys move it, Enter puts the pin at its
// centre and fills the coordinates), the category's question, a photo, "check your mail", the
// mailed confirmation button, the report's page with its photo and its place; then, without
// JavaScript, the same steps by typed coordinates with a refused field. Every resident page
// passes axe-core's WCAG 2.1 A/AA checks in Lithuanian and in English and fits the phone.
//
//   COUNCILCAST_URL=http://127.0.0.1:8080/ ADMIN_EMAIL=admin@example.lt PASSWORD=… \
//   PHOTO=/tmp/photo.png REPORT_FILE=/tmp/report [SCREENSHOT_DIR=dir] \
//   node tests/browser/report_journey.mjs
//
// The server must write mail as files; ADMIN_EMAIL (an administrator) reads it on the staff
// mail page. The report's path ("/reports/12") is written to REPORT_FILE for the staff's
// journey (report_staff.mjs). With UPDATE_TEXT set, the journey instead opens that report as
// its reporter would and checks that the staff's public update is shown, in both languages.
// Exits 0 on success, 1 saying what failed.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Failure, runInChromium } from './chromium.mjs';
import { axeAsItStands, axeInEachContext, mailedLink, pathOf, signIn, url } from './site_tools.mjs';

const baseUrl = process.env.COUNCILCAST_URL;
const adminEmail = process.env.ADMIN_EMAIL;
const password = process.env.PASSWORD;
const photo = process.env.PHOTO;
const reportFile = process.env.REPORT_FILE;
const updateText = process.env.UPDATE_TEXT || '';
const screenshotDir = process.env.SCREENSHOT_DIR || '';
const kPhone = { viewport: { width: 360, height: 740 } };

function log(message) {
    console.log(`report_journey: ${message}`);
}

// With script, a page with a map is ready for axe once Leaflet has drawn it.
async function showsMap(page, how) {
    if (how === 'with JavaScript' && await page.locator('[data-report-map]').count() > 0) {
        await page.waitForSelector('.leaflet-container');
    }
}

// The second step may first offer reports close by (the demo has some): go on with a new one.
async function pastNearby(page) {
    const different = page.getByRole('link', { name: /Ne, mano problema kita|No, mine is a different problem/ });
    if (await different.count() > 0) {
        await Promise.all([page.waitForURL(/new=1/), different.click()]);
        return true;
    }
    return false;
}

async function withKeyboard(browser, admin, audits) {
    const problems = [];
    const context = await browser.newContext(kPhone);
    const page = await context.newPage();
    await page.goto(url('/reports/new'));
    await page.waitForSelector('.leaflet-container');
    await page.getByLabel('Kategorija').selectOption('roads');
    // Tab from the category reaches the map; the arrow keys pan it, Enter places the pin.
    await page.getByLabel('Kategorija').focus();
    for (let i = 0; i < 10; ++i) {
        await page.keyboard.press('Tab');
        if (await page.evaluate(() => document.activeElement.classList.contains('report-map'))) break;
    }
    if (!(await page.evaluate(() => document.activeElement.classList.contains('report-map')))) {
        throw new Failure('Tab does not reach the map');
    }
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    const lat = Number((await page.locator('#report-lat').inputValue()).replace(',', '.'));
    const lon = Number((await page.locator('#report-lon').inputValue()).replace(',', '.'));
    if (!(lat > 54.6 && lat < 54.95 && lon > 24.4 && lon < 25.1)) {
        problems.push(`Enter on the map put the pin at ${lat}, ${lon}, not in the municipality`);
    }
    const said = await page.locator('#report-map-status').textContent();
    if (!said.includes('Vieta pažymėta')) problems.push(`the pin's place is not said: "${said}"`);
    if (await page.locator('.report-map__pin').count() !== 1) problems.push('no pin on the map');
    await page.getByRole('button', { name: 'Toliau' }).focus();
    await Promise.all([page.waitForURL(/\/reports\/new\/details/), page.keyboard.press('Enter')]);
    if (await pastNearby(page)) log('passed reports close by');
    const detailsPath = pathOf(page.url());
    problems.push(...(await axeInEachContext(audits, detailsPath, showsMap)));
    await page.getByLabel('Trumpai: kas atsitiko?').fill('Išdaužtas šviesoforas');
    await page.getByLabel('Išsamiau').fill('Sankryžoje prie stoties.');
    await page.getByLabel('Ar tai pavojinga eismui?').selectOption('yes');
    await page.getByLabel('Nuotrauka 1').setInputFiles(photo);
    await page.getByLabel('Jūsų vardas ir pavardė').fill('Ona Onaitė');
    await page.getByLabel('El. pašto adresas').fill('ona@example.lt');
    await page.getByRole('button', { name: 'Siųsti pranešimą' }).focus();
    await Promise.all([page.waitForURL(/\/reports\/new\/sent/), page.keyboard.press('Enter')]);
    problems.push(...(await axeInEachContext(audits.slice(0, 1), '/reports/new/sent', showsMap)));

    // The mailed link: a button, then the report is public with its photo and its place.
    const confirm = await mailedLink(admin, 'ona@example.lt', '/reports/confirm/');
    problems.push(...(await axeInEachContext(audits.slice(0, 1), confirm, showsMap)));
    await page.goto(url(confirm));
    await Promise.all([page.waitForURL(/confirmed=1/),
                       page.getByRole('button', { name: 'Paskelbti pranešimą' }).click()]);
    const reportPath = new URL(page.url()).pathname;
    await page.waitForSelector('.leaflet-container');
    const photos = page.locator('.report-photos img');
    if (await photos.count() !== 1) {
        problems.push(`the report shows ${await photos.count()} photos, not its one`);
    } else {
        await photos.first().scrollIntoViewIfNeeded();
        const loaded = await page.waitForFunction(
            () => document.querySelector('.report-photos img').naturalWidth > 0,
            null, { timeout: 5000 }).then(() => true, () => false);
        if (!loaded) problems.push('the report\'s photo does not load');
    }
    if (await page.locator('.report-map__dot').count() !== 1) {
        problems.push('the report\'s place is not on its map');
    }
    problems.push(...(await axeInEachContext(audits, reportPath, showsMap)));
    log(`reported and confirmed by keyboard: ${reportPath}`);
    await context.close();
    return { problems, reportPath };
}

async function withoutScript(browser, audits) {
    const problems = [];
    const context = await browser.newContext({ ...kPhone, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(url('/reports/new'));
    if (await page.locator('.report-map:not([hidden])').count() !== 0) {
        problems.push('without JavaScript an empty map is shown');
    }
    await page.getByLabel('Kategorija').selectOption('lighting');
    // A place outside the municipality first: refused at its field.
    await page.getByLabel('Platuma (laipsniais)').fill('55,5');
    await page.getByLabel('Ilguma (laipsniais)').fill('24,7');
    await Promise.all([page.waitForSelector('.alert--error'),
                       page.getByRole('button', { name: 'Toliau' }).click()]);
    const described = await page.locator('#report-lat').getAttribute('aria-describedby');
    if (!described || !described.includes('report-lat-error')) {
        problems.push(`the latitude's error is not tied to its field: ${described}`);
    }
    problems.push(...(await axeAsItStands(audits[0][0], page, 'refused place')));
    await page.getByLabel('Platuma (laipsniais)').fill('54,7671');
    await page.getByLabel('Ilguma (laipsniais)').fill('24,8012');
    await Promise.all([page.waitForURL(/\/reports\/new\/details/),
                       page.getByRole('button', { name: 'Toliau' }).click()]);
    await pastNearby(page);
    await page.getByLabel('Trumpai: kas atsitiko?').fill('Nedega žibintas');
    await page.getByLabel('Jūsų vardas ir pavardė').fill('Jonas Jonaitis');
    await page.getByLabel('El. pašto adresas').fill('jonas@example.lt');
    await page.getByLabel('Viešai nerodyti mano vardo').check();
    await Promise.all([page.waitForURL(/\/reports\/new\/sent/),
                       page.getByRole('button', { name: 'Siųsti pranešimą' }).click()]);
    log('reported without JavaScript');
    await context.close();
    return problems;
}

// The reporter opens their report again after staff answered: the update is there.
async function afterStaff(browser, reportPath) {
    const problems = [];
    const context = await browser.newContext(kPhone);
    const page = await context.newPage();
    for (const localised of [reportPath, `/en${reportPath}`]) {
        await page.goto(url(localised));
        const updates = await page.locator('.report-updates').textContent().catch(() => '');
        if (!updates.includes(updateText)) {
            problems.push(`${localised} does not show the staff's update "${updateText}"`);
        }
    }
    await context.close();
    return problems;
}

async function run(browser) {
    if (updateText) {
        const problems = await afterStaff(browser, readFileSync(reportFile, 'utf8').trim());
        if (problems.length > 0) throw new Failure(problems.join('\n'));
        log('the staff\'s update is on the report');
        return;
    }
    const admin = await browser.newContext(kPhone);
    await signIn(admin, adminEmail, password);
    const audit = await browser.newContext({ ...kPhone, bypassCSP: true });
    // Without the map's script (axe itself is a script, so the page's own is refused instead).
    const auditPlain = await browser.newContext({ ...kPhone, bypassCSP: true });
    await auditPlain.route('**/report_map.js', (route) => route.abort());
    const audits = [[audit, 'with JavaScript'], [auditPlain, 'without JavaScript']];
    const problems = [];
    for (const path of ['/reports', '/reports/new', '/reports/stats', '/reports/subscribe',
                        '/reports/subscribe?area=54.70000,24.60000,54.80000,24.80000']) {
        problems.push(...(await axeInEachContext(audits, path, showsMap)));
    }
    const keyboard = await withKeyboard(browser, admin, audits);
    problems.push(...keyboard.problems);
    writeFileSync(reportFile, `${keyboard.reportPath}\n`);
    problems.push(...(await withoutScript(browser, audits)));
    for (const context of [admin, audit, auditPlain]) await context.close();
    if (problems.length > 0) throw new Failure(problems.join('\n'));
}

async function main() {
    if (!baseUrl || !reportFile || (!updateText && (!adminEmail || !password || !photo))) {
        console.error('report_journey: set COUNCILCAST_URL, REPORT_FILE and ADMIN_EMAIL, PASSWORD, ' +
                      'PHOTO (or UPDATE_TEXT)');
        return 2;
    }
    if (screenshotDir) mkdirSync(screenshotDir, { recursive: true });
    // The refused place, and the confirmation link opened again by axe once it has acted.
    return runInChromium('report_journey', run, undefined,
                         [{ status: 422, method: 'GET', path: /\/reports\/new\/details/ },
                          { status: 410, method: 'GET', path: /\/reports\/confirm\// }]);
}

process.exit(await main());

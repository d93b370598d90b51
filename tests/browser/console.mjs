// The operator's console in Debian's Chromium on a phone's 360 px: axe-core's WCAG 2.1 A/AA
// checks in Lithuanian and in English; a cut made by keyboard alone (Tab to the button, Enter);
// a second operator's open console following it without a reload; the recording of the meeting
// live on the hall stopped and started again by keyboard, announced to the open console; the
// previews shown and fetched again; the interpreter's corner turned on without JavaScript (the
// form's 303 back to the console).
//
//   COUNCILCAST_URL=http://127.0.0.1:8080/ OPERATOR_EMAIL=… EDITOR_EMAIL=… PASSWORD=… \
//   [SCREENSHOT_DIR=dir] node tests/browser/console.mjs
//
// The server's first channel is "hall" with cameras "wide", "rostrum" and "interpreter" titled
// "Bendras planas", "Tribūna" and "Vertėjas", and the interpreter's corner configured; a meeting
// is live on it (serve --seed-demo). Exits 0 on success, 1 saying what failed.
import { mkdirSync } from 'node:fs';
import { Failure, runInChromium } from './chromium.mjs';
import { axeInBothLanguages, signIn, url } from './site_tools.mjs';

const baseUrl = process.env.COUNCILCAST_URL;
const operatorEmail = process.env.OPERATOR_EMAIL;
const editorEmail = process.env.EDITOR_EMAIL;
const password = process.env.PASSWORD;
const screenshotDir = process.env.SCREENSHOT_DIR || '';
const kPhone = { viewport: { width: 360, height: 740 } };
const kOnAir = 'Eteryje';

function log(message) {
    console.log(`console: ${message}`);
}

const cameraState = (page, camera) => page.locator(`#hall-hall-camera-${camera}-state`);
const recording = (page) => page.locator('#hall-hall-recording');

// Whether the console's event stream announces a change of the hall within 15 s.
function announcement(page) {
    return page.evaluate(() => new Promise((resolve) => {
        const stream = new EventSource('/console/events');
        const timer = setTimeout(() => { stream.close(); resolve(false); }, 15000);
        stream.addEventListener('open', () => {
            stream.addEventListener('hall', () => { clearTimeout(timer); stream.close(); resolve(true); });
        });
    }));
}

// Presses Tab until the focus is on the button named `name`; false when it never gets there.
async function tabTo(page, name, limit = 80) {
    for (let i = 0; i < limit; ++i) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
            const element = document.activeElement;
            return element && element.tagName === 'BUTTON' ? element.textContent.trim() : '';
        });
        if (focused === name) return true;
    }
    return false;
}

async function run(browser) {
    const problems = [];
    const audit = await browser.newContext({ ...kPhone, bypassCSP: true });
    const operator = await browser.newContext(kPhone);
    const editor = await browser.newContext(kPhone);
    const noScript = await browser.newContext({ ...kPhone, javaScriptEnabled: false });
    await signIn(audit, operatorEmail, password);
    await signIn(operator, operatorEmail, password);
    await signIn(editor, editorEmail, password);
    await signIn(noScript, operatorEmail, password);

    // ---- axe in both languages, once the worker's heartbeat is on the page
    problems.push(...(await axeInBothLanguages(audit, '/console', {
        ready: async (page) => {
            await cameraState(page, 'wide').filter({ hasText: /Eteryje|On air/ })
                .waitFor({ timeout: 20000 });
            await recording(page).getByRole('button').waitFor({ timeout: 20000 });
        },
    })));

    // ---- the editor's console is open; the operator cuts by keyboard
    const watching = await editor.newPage();
    await watching.goto(url('/console'));
    // The previews are pictures, fetched again a few times a second.
    const refreshed = [];
    watching.on('request', (request) => {
        if (/\/console\/preview\/hall\/program\?t=/.test(request.url())) refreshed.push(request.url());
    });
    try {
        await watching.waitForFunction(() => [...document.querySelectorAll('img[data-console-preview]')]
            .every((image) => image.complete && image.naturalWidth > 0), null, { timeout: 10000 });
    } catch {
        problems.push('the previews are not shown within 10 s');
    }
    // The push channel: the cut below is announced on the console's event stream.
    const announced = announcement(watching);
    const page = await operator.newPage();
    await page.goto(url('/console'));
    if (!(await tabTo(page, 'Rodyti: Tribūna'))) {
        problems.push('Tab never reaches "Rodyti: Tribūna"');
    } else {
        await Promise.all([page.waitForURL(/outcome=done/), page.keyboard.press('Enter')]);
        if (!(await cameraState(page, 'rostrum').textContent()).includes(kOnAir)) {
            problems.push('after the cut the rostrum is not on air on the operator\'s console');
        }
        log('cut to the rostrum by keyboard');
        try {
            await cameraState(watching, 'rostrum').filter({ hasText: kOnAir })
                .waitFor({ timeout: 10000 });
            log('the second console followed without a reload');
        } catch {
            problems.push('the editor\'s open console did not show the cut within 10 s');
        }
    }

    if (!(await announced)) problems.push('the cut was not announced on /console/events');

    // ---- the recording stopped by keyboard (the broadcast goes on), then started again
    const stopAnnounced = announcement(watching);
    if (!(await tabTo(page, 'Sustabdyti įrašymą'))) {
        problems.push('Tab never reaches "Sustabdyti įrašymą"');
    } else {
        await Promise.all([page.waitForURL(/outcome=recording_stopped/), page.keyboard.press('Enter')]);
        if (!(await recording(page).textContent()).includes('įrašymas sustabdytas')) {
            problems.push('after the stop the console does not say the recording stopped');
        }
        if (!(await page.locator('#hall-hall-broadcast').textContent()).includes('Transliacija vyksta')) {
            problems.push('stopping the recording stopped the broadcast');
        }
        log('the recording stopped by keyboard');
        try {
            await recording(watching).filter({ hasText: 'Pradėti įrašymą' }).waitFor({ timeout: 10000 });
        } catch {
            problems.push('the editor\'s open console did not show the stopped recording within 10 s');
        }
        if (!(await stopAnnounced)) problems.push('the stop was not announced on /console/events');
        if (!(await tabTo(page, 'Pradėti įrašymą'))) {
            problems.push('Tab never reaches "Pradėti įrašymą"');
        } else {
            await Promise.all([page.waitForURL(/outcome=recording_started/), page.keyboard.press('Enter')]);
            if (!(await recording(page).textContent()).includes('Įrašomas posėdis')) {
                problems.push('after the start the console does not say the meeting is recorded');
            }
            log('the recording started again by keyboard');
        }
    }
    if (refreshed.length < 2) problems.push('the programme preview is not fetched again');

    // ---- without JavaScript: the corner on, back on the console with the outcome
    const plain = await noScript.newPage();
    await plain.goto(url('/console'));
    await Promise.all([
        plain.waitForURL(/outcome=done/),
        plain.getByRole('button', { name: 'Rodyti gestų kalbos vertėją kampe' }).click(),
    ]);
    if (await plain.getByRole('button', { name: 'Paslėpti gestų kalbos vertėją' }).count() !== 1) {
        problems.push('without JavaScript the corner did not come on');
    }
    if (!(await plain.locator('[role=status]').first().textContent()).includes('Atlikta')) {
        problems.push('without JavaScript the console does not say the command was done');
    }
    log('the corner turned on without JavaScript');

    for (const context of [audit, operator, editor, noScript]) await context.close();
    if (problems.length > 0) throw new Failure(problems.join('\n'));
}

async function main() {
    if (!baseUrl || !operatorEmail || !editorEmail || !password) {
        console.error('console: set COUNCILCAST_URL, OPERATOR_EMAIL, EDITOR_EMAIL and PASSWORD');
        return 2;
    }
    if (screenshotDir) mkdirSync(screenshotDir, { recursive: true });
    // A preview asked for before the worker's first snapshot is not there yet.
    return runInChromium('console', run, undefined,
                         [{ status: 404, method: 'GET', path: /^\/console\/preview\/hall\/[a-z]+(\?t=[0-9]+)?$/ }]);
}

process.exit(await main());

// The petitions as a visitor reads them, in Debian's Chromium at 360 px on a server with the
// demo's petitions: the list, an open petition's page (its count, progress and signatures by
// eldership), an answered one and the widget pass axe-core's WCAG 2.1 A/AA checks in Lithuanian
// and English and fit a phone; the list's filter and a petition's sign link are reached and
// used from the keyboard alone; and with JavaScript off the filter still filters and the page
// still shows its chart and table.
//
//   COUNCILCAST_URL=… [SCREENSHOT_DIR=dir] node tests/browser/petition_public.mjs
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Failure, runInChromium } from './chromium.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const baseUrl = process.env.COUNCILCAST_URL;
const screenshotDir = process.env.SCREENSHOT_DIR || '';
const kPhone = { viewport: { width: 360, height: 740 } };

function url(path) {
    return new URL(path.replace(/^\//, ''), baseUrl).href;
}

function log(message) {
    console.log(`petition_public: ${message}`);
}

async function api(path) {
    const response = await fetch(url(path));
    if (!response.ok) throw new Failure(`${path}: HTTP ${response.status}`);
    return response.json();
}

function watchPage(page, problems, name) {
    page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`${name}: console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`${name}: script error: ${error.message}`));
}

async function fitsPhone(page) {
    return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

async function audit(context, path, problems) {
    const page = await context.newPage();
    watchPage(page, problems, path);
    await page.goto(url(path));
    if (!(await fitsPhone(page))) problems.push(`${path}: wider than a 360 px phone`);
    await page.addScriptTag({ content: axeSource });
    const results = await page.evaluate(async () =>
        // eslint-disable-next-line no-undef
        axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
    if (screenshotDir) {
        await page.screenshot({ path: `${screenshotDir}/${path.replace(/[^a-z0-9]+/gi, '_')}.png`,
                                fullPage: true });
    }
    await page.close();
    problems.push(...results.violations.map(
        (v) => `${path}: ${v.id} (${v.impact}): ${v.help} – ${v.nodes.map((n) => n.target).join(', ')}`));
}

// Tab from the top of the page until the focused element satisfies `test`; false if never.
async function tabUntil(page, test) {
    await page.locator('body').focus();
    for (let i = 0; i < 60; ++i) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
            const e = document.activeElement;
            return { tag: e?.tagName ?? '', id: e?.id ?? '', text: e?.textContent?.trim() ?? '',
                     href: e?.getAttribute('href') ?? '' };
        });
        if (test(focused)) return true;
    }
    return false;
}

async function run(browser) {
    const problems = [];
    const { petitions } = await api('/api/v1/petitions');
    const open = petitions.filter((p) => p.state === 'open')
        .sort((a, b) => b.signature_count - a.signature_count)[0];
    const answered = petitions.find((p) => p.state === 'answered');
    const rejected = petitions.find((p) => p.state === 'rejected');
    if (!open || !answered || !rejected) {
        throw new Failure('the demo has no open, answered or rejected petition in /api/v1/petitions');
    }
    log(`open petition ${open.id} (${open.signature_count} signatures), answered ${answered.id}`);

    // axe in both languages, with the page's own policy bypassed only to inject axe.
    const auditContext = await browser.newContext({ ...kPhone, bypassCSP: true });
    for (const prefix of ['', '/en']) {
        for (const path of ['/petitions', `/petitions/${open.id}`, `/petitions/${answered.id}`,
                            `/petitions/${rejected.id}`, '/petitions?show=closed',
                            `/embed/petition/${open.id}`]) {
            await audit(auditContext, `${prefix}${path}`, problems);
        }
    }
    await auditContext.close();

    // The keyboard alone: from the list to the most signed petition, then to its sign link.
    const keyboard = await browser.newContext(kPhone);
    const page = await keyboard.newPage();
    watchPage(page, problems, 'keyboard');
    await page.goto(url('/petitions'));
    const petitionHref = `/petitions/${open.id}`;
    if (!(await tabUntil(page, (f) => f.href === petitionHref))) {
        problems.push('keyboard: the most signed petition is not reached with Tab on /petitions');
    } else {
        await Promise.all([page.waitForURL((target) => target.pathname === petitionHref),
                           page.keyboard.press('Enter')]);
        if (!(await tabUntil(page, (f) => f.href === `${petitionHref}/sign`))) {
            problems.push('keyboard: the sign link is not reached with Tab on the petition page');
        }
    }
    // The filter from the keyboard: the select's value changed with the arrow keys, sent with Enter.
    await page.goto(url('/en/petitions'));
    if (!(await tabUntil(page, (f) => f.id === 'petition-show'))) {
        problems.push('keyboard: the filter is not reached with Tab on /en/petitions');
    } else {
        // Open, then answered: one step down; then past the order to the words, and Enter.
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('Tab');
        await page.keyboard.press('Tab');
        await Promise.all([page.waitForURL(/show=answered/), page.keyboard.press('Enter')]);
        if (await page.locator(`a[href="/en/petitions/${answered.id}"]`).count() !== 1) {
            problems.push('keyboard: the answered petitions do not list the answered petition');
        }
    }
    await keyboard.close();

    // Without JavaScript: the form filters and searches, the page shows its chart and table.
    const plain = await browser.newContext({ ...kPhone, javaScriptEnabled: false });
    const noScript = await plain.newPage();
    await noScript.goto(url('/petitions'));
    await noScript.selectOption('#petition-sort', 'newest');
    const word = open.title.split(/\s+/).find((w) => w.length > 5) ?? open.title;
    await noScript.fill('#petition-q', word.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase());
    await Promise.all([noScript.waitForURL(/sort=newest/),
                       noScript.locator('form.petition-filter button[type=submit]').click()]);
    if (await noScript.locator(`a[href="${petitionHref}"]`).count() !== 1) {
        problems.push(`no script: searching "${word}" without diacritics does not find petition ${open.id}`);
    }
    await noScript.goto(url(petitionHref));
    const rows = await noScript.locator('.petition-table tbody tr').count();
    const bars = await noScript.locator('.petition-bars svg rect').count();
    if (rows < 8 || bars !== rows) {
        problems.push(`no script: the page shows ${rows} eldership rows and ${bars} bars`);
    }
    const progress = noScript.locator('progress.petition-count__progress');
    if (await progress.count() === 1) {
        const value = Number(await progress.getAttribute('value'));
        if (value !== open.signature_count) {
            problems.push(`no script: progress shows ${value}, the API ${open.signature_count}`);
        }
    } else if (open.signature_count < open.thresholds.council.signatures) {
        problems.push('no script: the open petition shows no progress to its next threshold');
    }
    await plain.close();
    if (problems.length > 0) throw new Failure(problems.join('\n'));
}

async function main() {
    if (!baseUrl) {
        console.error('petition_public: set COUNCILCAST_URL');
        return 2;
    }
    if (screenshotDir) mkdirSync(screenshotDir, { recursive: true });
    return runInChromium('petition_public', run);
}

process.exit(await main());

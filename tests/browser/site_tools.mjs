// What the journeys on one server share: the site's addresses (COUNCILCAST_URL), signing in,
// the link in a message read on the staff mail page, and axe at phone width with a screenshot
// (SCREENSHOT_DIR, when set).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Failure } from './chromium.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const baseUrl = process.env.COUNCILCAST_URL;
const screenshotDir = process.env.SCREENSHOT_DIR || '';

export const url = (path) => new URL(path.replace(/^\//, ''), baseUrl).href;
export const pathOf = (href) => { const u = new URL(href, baseUrl); return u.pathname + u.search; };

// Signs `context` in on the Lithuanian sign-in page.
export async function signIn(context, email, password) {
    const page = await context.newPage();
    await page.goto(url('/login'));
    await page.getByLabel('El. pašto adresas').fill(email);
    await page.getByLabel('Slaptažodis').fill(password);
    await Promise.all([page.waitForURL((target) => !target.pathname.startsWith('/login')),
                       page.getByRole('button', { name: 'Prisijungti' }).click()]);
    await page.close();
}

// The link to `pathPart` in a message to `recipient` (the newest first), read on the staff mail
// page by `admin`, a signed-in administrator's context; waits for the mail up to `deadlineMs`.
export async function mailedLink(admin, recipient, pathPart, deadlineMs = 10000) {
    const page = await admin.newPage();
    const deadline = Date.now() + deadlineMs;
    try {
        for (;;) {
            await page.goto(url('/staff/mail'));
            const rows = page.locator('tbody tr', { hasText: recipient });
            for (let i = 0; i < await rows.count(); ++i) {
                await page.goto(url('/staff/mail'));
                await rows.nth(i).getByRole('link').first().click();
                const links = await page.locator('.mail-message a').evaluateAll(
                    (anchors) => anchors.map((a) => a.href));
                const found = links.find((href) => href.includes(pathPart));
                if (found) return pathOf(found);
            }
            if (Date.now() > deadline) {
                throw new Failure(`no mail to ${recipient} with a ${pathPart} link`);
            }
            await page.waitForTimeout(200);
        }
    } finally {
        await page.close();
    }
}

export async function fitsPhone(page) {
    return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

// axe on `path` in a new page of `context` (made with bypassCSP: axe is injected as a script).
export async function axeOnPath(context, path) {
    const page = await context.newPage();
    await page.goto(url(path));
    const problems = await axeOnPage(page, path);
    await page.close();
    return problems;
}

// axe on `path` in both languages, each in a new page of `context` (made with bypassCSP: axe is
// injected as a script). `ready(page)`, if given, waits for what a script draws; `suffix` ends
// each label.
export async function axeInBothLanguages(context, path, { suffix = '', ready } = {}) {
    const problems = [];
    for (const localised of [path, `/en${path}`]) {
        const page = await context.newPage();
        await page.goto(url(localised));
        if (ready) await ready(page);
        problems.push(...(await axeOnPage(page, `${localised}${suffix}`)));
        await page.close();
    }
    return problems;
}

// axe on `path` in both languages in each [context, how] of `audits` (e.g. with and without
// script); `ready(page, how)`, if given, waits for what a script draws.
export async function axeInEachContext(audits, path, ready) {
    const problems = [];
    for (const [context, how] of audits) {
        problems.push(...(await axeInBothLanguages(context, path, {
            suffix: ` (${how})`,
            ready: ready && ((page) => ready(page, how)),
        })));
    }
    return problems;
}

// axe on a copy of `page` as it stands, in a page of `audit` (a context with CSP bypassed): a
// refused form is no address to load again.
export async function axeAsItStands(audit, page, label) {
    const copy = await audit.newPage();
    await copy.goto(page.url());
    await copy.setContent(await page.content());
    const problems = await axeOnPage(copy, label);
    await copy.close();
    return problems;
}

// axe's WCAG 2.1 A/AA violations on `page` as it stands, and whether it fits a 360 px phone.
export async function axeOnPage(page, label) {
    await page.addScriptTag({ content: axeSource });
    const results = await page.evaluate(async () =>
        // eslint-disable-next-line no-undef
        axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
    const problems = results.violations.map(
        (v) => `${label}: ${v.id} (${v.impact}): ${v.help} – ${v.nodes.map((n) => n.target).join(', ')}`);
    if (!(await fitsPhone(page))) problems.push(`${label} is wider than a 360 px phone`);
    if (screenshotDir) {
        await page.screenshot({ path: `${screenshotDir}/${label.replace(/[^a-z0-9]+/gi, '_')}.png`,
                                fullPage: true });
    }
    return problems;
}

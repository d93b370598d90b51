// What every browser test shares: Debian's Chromium launched the same way, one verdict, and a
// watch on every response any page gets (subresources, frames and form posts included): one with
// a status of 400 or more fails the test unless the test said it expects exactly that one.
import { chromium } from 'playwright-core';

// A check that failed: its message says what a user would have noticed.
export class Failure extends Error {}

// The responses >= 400 a test expects: { status, method, path } where path is a RegExp matched
// against the URL's path and query (method optional: any).
class ResponseWatch {
    constructor(expected) {
        this.expected = expected;
        this.unexpected = [];
    }

    attach(context) {
        context.on('response', (response) => this.check(response));
    }

    check(response) {
        const status = response.status();
        if (status < 400) return;
        const request = response.request();
        const target = new URL(response.url());
        const path = target.pathname + target.search;
        const expected = this.expected.some((rule) =>
            rule.status === status && (!rule.method || rule.method === request.method()) &&
            rule.path.test(path));
        if (!expected) this.unexpected.push(`HTTP ${status} for ${request.method()} ${response.url()}`);
    }
}

// Launches Chromium (CHROMIUM, default /usr/bin/chromium), runs `run(browser)` and returns the
// exit code: 0 when it finished, 1 with the failure on stderr. `name` prefixes every line.
// `expectedErrors`: the responses >= 400 the test provokes on purpose (see ResponseWatch); any
// other fails it, whichever context or page it came from.
export async function runInChromium(name, run, launchTimeoutMs, expectedErrors = []) {
    let browser = null;
    const watch = new ResponseWatch(expectedErrors);
    try {
        browser = await chromium.launch({
            executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
            timeout: launchTimeoutMs,
            args: [
                '--no-sandbox',
                '--disable-gpu',
                '--disable-quic',
                '--no-first-run',
                '--disable-background-networking',
                '--disable-component-update',
                '--disable-sync',
                '--autoplay-policy=no-user-gesture-required',
            ],
        });
        // Every context the test makes is watched from its first request on.
        const newContext = browser.newContext.bind(browser);
        browser.newContext = async (options) => {
            const context = await newContext(options);
            watch.attach(context);
            return context;
        };
        // browser.newPage makes a context of its own: through the watched newContext.
        browser.newPage = async (options) => {
            const context = await browser.newContext(options);
            return context.newPage();
        };
        await run(browser);
        if (watch.unexpected.length > 0) {
            throw new Failure(`responses the test did not expect:\n  ${watch.unexpected.join('\n  ')}`);
        }
        console.log(`${name}: ok`);
        return 0;
    } catch (error) {
        const unexpected = watch.unexpected.length > 0 && !(error instanceof Failure &&
            error.message.startsWith('responses the test did not expect'))
            ? `\n  (and responses the test did not expect:\n  ${watch.unexpected.join('\n  ')})`
            : '';
        console.error(`${name}: FAILED: ${error instanceof Failure ? error.message : error.stack}${unexpected}`);
        return 1;
    } finally {
        if (browser) await browser.close().catch(() => {});
    }
}

// What every browser test shares: Debian's Chromium launched the same way, and one verdict.
import { chromium } from 'playwright-core';

// A check that failed: its message says what a user would have noticed.
export class Failure extends Error {}

// Launches Chromium (CHROMIUM, default /usr/bin/chromium), runs `run(browser)` and returns the
// exit code: 0 when it finished, 1 with the failure on stderr. `name` prefixes every line.
export async function runInChromium(name, run, launchTimeoutMs) {
    let browser = null;
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
        await run(browser);
        console.log(`${name}: ok`);
        return 0;
    } catch (error) {
        console.error(`${name}: FAILED: ${error instanceof Failure ? error.message : error.stack}`);
        return 1;
    } finally {
        if (browser) await browser.close().catch(() => {});
    }
}

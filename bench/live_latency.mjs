// Glass-to-glass latency of the live broadcast in Chromium with the site's own player: every
// half second while it plays, the wall clock minus the moment the frame on screen was taken
// (hls.js's playingDate: the segment's EXT-X-PROGRAM-DATE-TIME, which the streamer stamps from
// the frame's capture time, plus the position inside the segment). Also counts rebufferings
// (`waiting` after playback began). Figures only: it fails only when nothing plays.
//
//   COUNCILCAST_URL=http://127.0.0.1:8080/ [LATENCY_SECONDS=60] node bench/live_latency.mjs
//
// Prints one line: "latency: median X ms, p90 Y ms over N samples, R rebufferings in S s".
import { Failure, runInChromium } from '../tests/browser/chromium.mjs';
import { catchPlayers, latencyMs } from '../tests/browser/hls_players.mjs';

const kSampleMs = 500;
const baseUrl = process.env.COUNCILCAST_URL;
const seconds = Number(process.env.LATENCY_SECONDS || 60);

function percentile(sorted, fraction) {
    return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))];
}

async function run(browser) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await catchPlayers(page);
    await page.goto(baseUrl, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => window.__started === true, null, { timeout: 60000 })
        .catch(() => { throw new Failure('the live video did not start playing within 60 s'); });
    // Rebufferings count from the start of playback on.
    await page.evaluate(() => { window.__rebuffers = 0; });
    const samples = [];
    const end = Date.now() + seconds * 1000;
    while (Date.now() < end) {
        await page.waitForTimeout(kSampleMs);
        const paused = await page.evaluate(() => document.querySelector('video').paused);
        const latency = paused ? null : await latencyMs(page);
        if (latency !== null) samples.push(latency);
        // A line a minute, to see a drift, not just where it ended.
        if (samples.length > 0 && samples.length % 120 === 0) {
            const minute = samples.slice(-120).sort((a, b) => a - b);
            console.log(`  minute ${samples.length / 120}: median ${percentile(minute, 0.5)} ms`);
        }
    }
    if (samples.length === 0) throw new Failure('no latency sample: the player had no playingDate');
    const rebuffers = await page.evaluate(() => window.__rebuffers);
    samples.sort((a, b) => a - b);
    console.log(`latency: median ${percentile(samples, 0.5)} ms, p90 ${percentile(samples, 0.9)} ms ` +
        `over ${samples.length} samples, ${rebuffers} rebufferings in ${seconds} s`);
}

process.exit(await runInChromium('live_latency', run, 60000));

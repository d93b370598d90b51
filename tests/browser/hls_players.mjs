// The site's player keeps its hls.js instance to itself; a test or a benchmark that measures it
// catches each one as the page makes it (window.__players), and counts the video's rebufferings
// ('waiting' events, window.__rebuffers) and whether it has played (window.__started).
export async function catchPlayers(page) {
    await page.addInitScript(() => {
        window.__players = [];
        window.__rebuffers = 0;
        window.__started = false;
        let wrapped;
        Object.defineProperty(window, 'Hls', {
            configurable: true,
            get() { return wrapped; },
            set(Hls) {
                wrapped = class extends Hls {
                    constructor(config) {
                        super(config);
                        window.__players.push(this);
                    }
                };
            },
        });
        document.addEventListener('playing', () => { window.__started = true; }, true);
        document.addEventListener('waiting', () => { window.__rebuffers += 1; }, true);
    });
}

// How far the frame on screen is behind the wall clock, in ms (the newest player's playingDate:
// the segment's PROGRAM-DATE-TIME plus the position in it), or null before it knows.
export async function latencyMs(page) {
    return page.evaluate(() => {
        const hls = window.__players[window.__players.length - 1];
        return hls && hls.playingDate ? Date.now() - hls.playingDate.getTime() : null;
    });
}

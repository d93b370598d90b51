#!/usr/bin/env python3
"""Watches a live HLS rendition as a player would, for bench/login.sh.

usage: live_probe.py BASE_URL SECONDS   (BASE_URL: http://host:port/live/hall/720p/)

Every 500 ms it fetches live.m3u8 (timing the request), and each segment that is new in it.
Prints one line of key=value figures: playlist latency median and max, the largest gap between
two new segments appearing (a smooth stream shows one per segment duration), segment download
max, and how many segments appeared.
"""
import http.client
import statistics
import sys
import time
import urllib.parse

POLL_S = 0.5


def main():
    base, seconds = sys.argv[1], float(sys.argv[2])
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)

    def get(path):
        start = time.monotonic()
        conn.request("GET", url.path + path)
        res = conn.getresponse()
        body = res.read()
        return res.status, body, (time.monotonic() - start) * 1000

    playlist_ms, segment_ms, appeared = [], [], []
    seen = set()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        tick = time.monotonic()
        status, body, ms = get("live.m3u8")
        playlist_ms.append(ms)
        if status == 200:
            new = [line for line in body.decode().splitlines()
                   if line.endswith(".ts") and line not in seen]
            for name in new:
                seen.add(name)
                appeared.append(time.monotonic())
                _, _, seg_ms = get(name)
                segment_ms.append(seg_ms)
        time.sleep(max(0.0, POLL_S - (time.monotonic() - tick)))
    # The segments already listed at the first poll say nothing about timing.
    first_poll = len([t for t in appeared if t <= appeared[0] + 0.001]) if appeared else 0
    times = appeared[first_poll - 1:] if first_poll else []
    gaps = [b - a for a, b in zip(times, times[1:])]
    print("playlist_median_ms=%.1f playlist_max_ms=%.1f max_gap_s=%.2f segment_max_ms=%.1f "
          "new_segments=%d" % (
              statistics.median(playlist_ms), max(playlist_ms), max(gaps) if gaps else -1,
              max(segment_ms) if segment_ms else -1, len(times) - 1 if times else 0))


if __name__ == "__main__":
    main()

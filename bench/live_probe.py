#!/usr/bin/env python3
"""Watches a live HLS rendition as a player would, for bench/login.sh.

usage: live_probe.py BASE_URL SECONDS   (BASE_URL: http://host:port/live/hall/720p/)

Every 500 ms it fetches live.m3u8 (timing the request), and each segment that is new in it.
Prints one line of key=value figures: playlist latency median and max, the largest gap between
two new segments appearing (a smooth stream shows one per segment duration), segment download
max, and how many segments appeared. Only answers a player could use count: a 200 with the whole
body. Every other outcome (another status, a short body, a timeout, a dropped connection) is
counted as a failure and printed, never timed as a success.
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
    conn = None

    def get(path):
        """(body, milliseconds) of a 200 answer, or None after counting a failure."""
        nonlocal conn
        start = time.monotonic()
        try:
            if conn is None:
                conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
            conn.request("GET", url.path + path)
            res = conn.getresponse()
            body = res.read()
            if res.status == 200:
                return body, (time.monotonic() - start) * 1000
        except (OSError, http.client.HTTPException):
            # A player reconnects; so does the probe, on the next request.
            conn.close()
            conn = None
        return None

    playlist_ms, segment_ms, appeared = [], [], []
    failures = {"playlist": 0, "segment": 0}
    seen = set()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        tick = time.monotonic()
        playlist = get("live.m3u8")
        if playlist is None:
            failures["playlist"] += 1
        else:
            body, ms = playlist
            playlist_ms.append(ms)
            new = [line for line in body.decode().splitlines()
                   if line.endswith(".ts") and line not in seen]
            for name in new:
                seen.add(name)
                appeared.append(time.monotonic())
                segment = get(name)
                if segment is None:
                    failures["segment"] += 1
                else:
                    segment_ms.append(segment[1])
        time.sleep(max(0.0, POLL_S - (time.monotonic() - tick)))
    # The segments already listed at the first poll say nothing about timing.
    first_poll = len([t for t in appeared if t <= appeared[0] + 0.001]) if appeared else 0
    times = appeared[first_poll - 1:] if first_poll else []
    gaps = [b - a for a, b in zip(times, times[1:])]
    print("playlist_median_ms=%.1f playlist_max_ms=%.1f max_gap_s=%.2f segment_max_ms=%.1f "
          "new_segments=%d playlist_failures=%d segment_failures=%d" % (
              statistics.median(playlist_ms) if playlist_ms else -1,
              max(playlist_ms) if playlist_ms else -1, max(gaps) if gaps else -1,
              max(segment_ms) if segment_ms else -1, len(times) - 1 if times else 0,
              failures["playlist"], failures["segment"]))


if __name__ == "__main__":
    main()

#!/bin/sh
# Glass-to-glass latency of the demo's live broadcast in Chromium with the site's own player
# (bench/live_latency.mjs): median and p90, and rebufferings, over LATENCY_SECONDS each (default
# 60; the issue's figure is over 600), in Low-Latency HLS and in standard HLS. Figures only.
#
# The peer, MediaMTX's LL-HLS, cannot be installed here: Debian 12 does not package it, npm does
# not carry it, and its Go module and release binaries come from hosts this machine cannot
# reach. docs/ARCHITECTURE.md quotes published figures instead.
set -eu
cd "$(dirname "$0")/.."
. bench/common.sh
trap stop_demo_and_remove_dir EXIT
# Low-Latency HLS (the default: 1 s segments in 5 parts; and in 3), then standard HLS (no parts) with
# 1 s and 2 s segments.
for mode in "1 5" "1 3" "1 0" "2 0"; do
    set -- $mode
    segment=$1
    parts=$2
    dir=$(mktemp -d /tmp/councilcast-bench-XXXXXX)
    port=$(free_port)
    sed "s/^\[hls\]$/[hls]\nsegment_duration_s = $segment\nparts_per_segment = $parts/" \
        config/demo.toml > "$dir.toml"
    "$BIN" serve --config "$dir.toml" --listen "127.0.0.1:$port" --data-dir "$dir" --seed-demo \
        >/dev/null 2>"$dir.log" &
    DEMO_PID=$!
    wait_segments "$port" 3 60
    if [ "$parts" = 0 ]; then label=standard; else label="low-latency, $parts parts"; fi
    printf '%s s segments, %s: ' "$segment" "$label"
    COUNCILCAST_URL="http://127.0.0.1:$port/" LATENCY_SECONDS="${LATENCY_SECONDS:-60}" \
        node bench/live_latency.mjs | grep -v ': ok$'
    stop_demo_and_remove_dir
done
dir=

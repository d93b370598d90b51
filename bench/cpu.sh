#!/bin/sh
# CPU share of the demo at 720p30 (portal + streamer worker), measured over 20 s after warm-up,
# as a share of one core and of the whole machine.
set -eu
cd "$(dirname "$0")/.."
. bench/common.sh
dir=$(mktemp -d /tmp/councilcast-bench-XXXXXX)
port=$(free_port)
start_demo "$dir" "$port"
wait_segments "$port" 3 30
worker=$(worker_pid)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
p0=$(ticks "$DEMO_PID"); w0=$(ticks "$worker"); t0=$(now_ms)
sleep 20
p1=$(ticks "$DEMO_PID"); w1=$(ticks "$worker"); t1=$(now_ms)
stop_demo
rm -rf "$dir" "$dir.log"
elapsed=$((t1 - t0))
awk -v p=$((p1 - p0)) -v w=$((w1 - w0)) -v hz="$hz" -v ms="$elapsed" -v cores="$(nproc)" 'BEGIN {
    s = ms / 1000.0
    printf "cpu: streamer worker %.0f%% of a core, portal %.1f%% of a core\n", 100 * w / hz / s, 100 * p / hz / s
    printf "cpu: demo at 720p30 uses %.0f%% of this %d-core machine\n", 100 * (w + p) / hz / s / cores, cores
}'

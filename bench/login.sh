#!/bin/sh
# Sign-ins per second with the chosen argon2id parameters (19 MiB, 2 passes, 1 lane) on this
# machine, with [accounts] hash_threads = 1 (the default) and 2, while the demo's live stream runs;
# the CPU the burst takes; and whether the stream stays smooth: the live playlist polled every
# 500 ms and each new segment fetched, as a player does, during the burst and without it.
# Each client signs in over and over as a browser does: GET /login, then POST /login with the
# CSRF cookie and token (bench/login.lua). There is no external peer for sign-in.
set -eu
cd "$(dirname "$0")/.."
. bench/common.sh
clients=${BENCH_LOGIN_CLIENTS:-16}
seconds=${BENCH_LOGIN_SECONDS:-20}
# No characters that need form encoding; not on the common-password list.
BENCH_PASSWORD=bench-login-correct-horse-7
export BENCH_PASSWORD
hz=$(getconf CLK_TCK)
cores=$(nproc)
dir=
trap stop_demo_and_remove_dir EXIT

# cpu_line LABEL PORTAL_TICKS WORKER_TICKS MS
cpu_line() {
    awk -v label="$1" -v p="$2" -v w="$3" -v ms="$4" -v hz="$hz" -v cores="$cores" 'BEGIN {
        s = ms / 1000.0
        printf "login: %s: cpu: portal %.0f%% of a core, streamer worker %.0f%% of a core; together %.0f%% of this %d-core machine\n",
            label, 100 * p / hz / s, 100 * w / hz / s, 100 * (p + w) / hz / s / cores, cores
    }'
}

# probe_line LABEL "key=value ...": the live stream's figures from bench/live_probe.py.
probe_line() {
    echo "$2" | tr ' ' '\n' | awk -F= -v label="$1" '{ v[$1] = $2 } END {
        printf "login: %s: live stream: playlist median %s ms, max %s ms; largest gap between new segments %s s (segment duration 2 s, polled every 0.5 s) over %s new segments; slowest segment download %s ms\n",
            label, v["playlist_median_ms"], v["playlist_max_ms"], v["max_gap_s"], v["new_segments"], v["segment_max_ms"]
    }'
}

echo "login: no external peer for sign-in; $clients clients for ${seconds} s per run, argon2id m=19 MiB t=2 p=1"
for threads in 1 2; do
    dir=$(mktemp -d /tmp/councilcast-bench-XXXXXX)
    port=$(free_port)
    { cat config/demo.toml; printf '\n[accounts]\nhash_threads = %s\n' "$threads"; } > "$dir.toml"
    echo "$BENCH_PASSWORD" |
        "$BIN" user add --data-dir "$dir" --password-stdin bench@example.lt >/dev/null
    start_serve "$dir.toml" "$dir" "$port"
    wait_segments "$port" 3 30
    worker=$(worker_pid)
    live=http://127.0.0.1:$port/live/hall/720p/

    if [ "$threads" = 1 ]; then
        p0=$(ticks "$DEMO_PID"); w0=$(ticks "$worker"); t0=$(now_ms)
        quiet=$(python3 bench/live_probe.py "$live" "$seconds")
        p1=$(ticks "$DEMO_PID"); w1=$(ticks "$worker"); t1=$(now_ms)
        cpu_line "no burst" $((p1 - p0)) $((w1 - w0)) $((t1 - t0))
        probe_line "no burst" "$quiet"
    fi

    python3 bench/live_probe.py "$live" "$seconds" > "$dir.probe" &
    probe=$!
    p0=$(ticks "$DEMO_PID"); w0=$(ticks "$worker"); t0=$(now_ms)
    wrk -t"$clients" -c"$clients" -d"${seconds}s" --timeout 10s -s bench/login.lua \
        "http://127.0.0.1:$port" > "$dir.wrk"
    p1=$(ticks "$DEMO_PID"); w1=$(ticks "$worker"); t1=$(now_ms)
    wait "$probe"

    label="burst, hash_threads=$threads"
    awk -v label="$label" '
        $1 == "result" { n[$2] = $3; if ($2 != "login" && $2 != "503") others = others " " $2 "×" $3 }
        $1 == "seconds" { s = $2 }
        /Socket errors/ { errors = $0 }
        END {
            printf "login: %s: %.1f logins/s (%d in %.1f s), %d answered 503 (hashing queue full)%s%s\n",
                label, n["login"] / s, n["login"], s, n["503"],
                others == "" ? "" : "; other answers:" others,
                errors == "" ? "" : "; wrk:" errors
        }' "$dir.wrk"
    cpu_line "$label" $((p1 - p0)) $((w1 - w0)) $((t1 - t0))
    probe_line "$label" "$(cat "$dir.probe")"
    stop_demo_and_remove_dir
    dir=
done

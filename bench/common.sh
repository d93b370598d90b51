# Shared by the benchmark scripts: start the demo on a free port and wait for segments.
# Not a test: nothing here fails on a slow machine.

BIN=${COUNCILCAST_BINARY:-build/councilcast}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

now_ms() {
    date +%s%3N
}

# start_demo DATA_DIR PORT: starts the demo in the background, sets DEMO_PID.
start_demo() {
    "$BIN" demo --listen "127.0.0.1:$2" --data-dir "$1" >/dev/null 2>"$1.log" &
    DEMO_PID=$!
}

stop_demo() {
    kill "$DEMO_PID" 2>/dev/null || true
    wait "$DEMO_PID" 2>/dev/null || true
}

# stop_demo_and_remove_dir: an EXIT trap for a benchmark that keeps its data in $dir (and
# $dir.toml, $dir.log beside it); nothing when $dir was never made.
stop_demo_and_remove_dir() {
    if [ -n "${dir:-}" ]; then
        stop_demo
        rm -rf "$dir" "$dir".*
    fi
}

# wait_segments PORT COUNT DEADLINE_S: waits until the live playlist lists COUNT segments.
wait_segments() {
    end=$(( $(date +%s) + $3 ))
    while [ "$(date +%s)" -le "$end" ]; do
        n=$(curl -fs "http://127.0.0.1:$1/live/hall/720p/live.m3u8" 2>/dev/null | grep -c '\.ts$' || true)
        [ "${n:-0}" -ge "$2" ] && return 0
        sleep 0.05
    done
    return 1
}

worker_pid() {
    pgrep -P "$DEMO_PID" | head -1
}

# start_serve CONFIG DATA_DIR PORT: like start_demo, with `serve --config CONFIG`.
start_serve() {
    "$BIN" serve --config "$1" --listen "127.0.0.1:$3" --data-dir "$2" >/dev/null 2>"$2.log" &
    DEMO_PID=$!
}

# ticks PID: CPU time (user + system) the process has used, in clock ticks.
ticks() {
    awk '{print $14 + $15}' "/proc/$1/stat"
}

# wrk_figures CONNECTIONS SECONDS URL [WRK OPTION...]: one wrk run with 2 threads, printed as
# "successes_per_s failures p50_ms p99_ms". Only 2xx answers count as successes: wrk's own
# Requests/sec counts every answer, errors included. Failures are non-2xx answers (wrk counts
# 3xx with 2xx; none of the URLs measured here redirects) plus socket errors (connect, read,
# write, timeout). A generous timeout, so a slow answer under 2,000 connections counts as slow,
# not as lost.
wrk_figures() {
    connections=$1
    seconds=$2
    url=$3
    shift 3
    wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s --latency "$@" "$url" | awk '
        function ms(v) {
            if (v ~ /us$/) return v / 1000
            if (v ~ /ms$/) return v + 0
            if (v ~ /m$/) return v * 60000
            if (v ~ /s$/) return v * 1000
            return v
        }
        / requests in / { total = $1; secs = $4; sub(/s,?$/, "", secs) }
        /Non-2xx or 3xx/ { non2xx = $NF }
        /Socket errors/ { for (i = 4; i <= NF; i += 2) { v = $i; sub(/,/, "", v); errors += v } }
        /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
        END { printf "%.1f %d %.2f %.2f\n", (secs > 0 ? (total - non2xx) / secs : 0), non2xx + errors, p50, p99 }'
}

# median VALUE...: the median of the numbers given.
median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

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

#!/bin/sh
# Sign-ins per second and their p99 while an attacker loops POST /reset with made-up tokens,
# side by side with the same server and residents without the attacker (bench/reset_flood.py).
# The peer is the quiet run: the goal is that the flood costs real sign-ins nothing, since a dead
# link is answered without hashing and each address is limited. The attacker changes address
# whenever one is limited. A light channel keeps the encoder out of the figures; default
# [accounts] settings otherwise (hash_threads = 1, hash_queue = 64).
set -eu
cd "$(dirname "$0")/.."
. bench/common.sh
seconds=${BENCH_RESET_SECONDS:-10}
rounds=${BENCH_RESET_ROUNDS:-2}
dir=
trap stop_demo_and_remove_dir EXIT
dir=$(mktemp -d /tmp/councilcast-bench-XXXXXX)
port=$(free_port)
cp tests/support/light_channel.toml "$dir.toml"
echo bench-reset-correct-horse-7 |
    "$BIN" user add --data-dir "$dir" --password-stdin bench@example.lt >/dev/null
start_serve "$dir.toml" "$dir" "$port"
end=$(( $(date +%s) + 30 ))
until curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do
    [ "$(date +%s)" -le "$end" ] || { echo "reset_flood: the server did not start"; exit 0; }
    sleep 0.05
done
echo "reset_flood: 4 residents signing in, 4 attacker processes (nice 19) posting made-up reset tokens;" \
    "${seconds} s per run, $rounds rounds, argon2id m=19 MiB t=2 p=1"
python3 bench/reset_flood.py "$port" "$seconds" "$rounds" || echo "reset_flood: the run failed"

#!/bin/sh
# The whole portal on a full data directory: `councilcast demo` on a 6 MiB tmpfs fills it with
# segments; the site must keep answering, say on /healthz and /metrics that storage is failing
# (the database's or the media disk's, whichever the full disk reaches first), and start again on
# the still-full disk. The tmpfs is mounted in a user and mount namespace
# (unshare -rm), which needs no root; where the kernel refuses those, the test is skipped (77).
# Usage: full_disk_test.sh COUNCILCAST_BINARY [inside]
set -eu
binary=$1
if [ "${2:-}" != inside ]; then
    unshare -rm true 2>/dev/null || { echo "unshare -rm is not allowed here: skipped"; exit 77; }
    exec unshare -rm sh "$0" "$binary" inside
fi

data=$(mktemp -d)
mount -t tmpfs -o size=6m tmpfs "$data"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
log="$data/../full-disk-$port.log"
pid=

stop() {
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    pid=
}
trap 'stop; umount "$data" 2>/dev/null || true' EXIT

# Polls `url` until it answers 200, for at most `seconds`.
wait_for_200() {
    url=$1 seconds=$2
    deadline=$(($(date +%s) + seconds))
    while [ "$(date +%s)" -lt "$deadline" ]; do
        [ "$(curl -s -m 2 -o /dev/null -w '%{http_code}' "$url" || true)" = 200 ] && return 0
        sleep 0.5
    done
    echo "FAIL: $url never answered 200 within $seconds s"
    return 1
}

# Polls `url` until its body contains `text`, for at most `seconds`.
wait_for_body() {
    url=$1 text=$2 seconds=$3
    deadline=$(($(date +%s) + seconds))
    while [ "$(date +%s)" -lt "$deadline" ]; do
        case "$(curl -s -m 2 "$url" || true)" in *"$text"*) return 0 ;; esac
        sleep 0.5
    done
    echo "FAIL: $url never said \"$text\" within $seconds s"
    return 1
}

"$binary" demo --listen "127.0.0.1:$port" --data-dir "$data/demo" > "$log" 2>&1 &
pid=$!
# The demo's floor (256 MiB) is above this disk's size, so "ok" is not expected here: the site
# answers from the start.
wait_for_200 "$base/healthz" 60
# Segments and previews fill the disk within seconds; a file takes what they leave.
dd if=/dev/zero of="$data/filler" bs=64k 2>/dev/null || true
wait_for_body "$base/healthz" "storage failing" 120
# A database write may fail and a later one find room again; the media disk stays full.
deadline=$(($(date +%s) + 30))
until curl -s "$base/metrics" |
    grep -qx -E "councilcast_storage_writable 0|councilcast_media_below_floor 1"; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "FAIL: /metrics says neither storage is failing"; exit 1; }
    sleep 0.5
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/")" = 200 ] ||
    { echo "FAIL: the home page no longer answers"; exit 1; }
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/healthz")" = 200 ] ||
    { echo "FAIL: /healthz is not 200"; exit 1; }
kill -0 "$pid" || { echo "FAIL: the portal died"; cat "$log"; exit 1; }
# The full disk is logged with its cause: a database write that failed, or the broadcast's
# writer that found no space.
deadline=$(($(date +%s) + 60))
until grep -q -E "database or disk is full|No space left on device" "$log"; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "FAIL: no log line for the full disk"; cat "$log"; exit 1; }
    sleep 0.5
done
stop

# Again on the same full disk: it starts and answers.
"$binary" demo --listen "127.0.0.1:$port" --data-dir "$data/demo" >> "$log" 2>&1 &
pid=$!
wait_for_200 "$base/healthz" 60
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/")" = 200 ] ||
    { echo "FAIL: after a restart on the full disk the home page does not answer"; cat "$log"; exit 1; }
kill -0 "$pid" || { echo "FAIL: the portal died after a restart"; cat "$log"; exit 1; }
echo "full disk: the site kept answering, said so on /healthz and /metrics, and restarted"

#!/bin/sh
# Successful requests per second for a media segment (~700 KB at the demo's 720p) and for the
# live playlist, councilcast against nginx serving the same bytes on the same machine in the same
# run, at 50, 400 and 2,000 kept-alive connections (wrk, 2 threads); then the same over HTTPS at
# 50 connections, with one self-signed certificate for both (kept-alive: the TLS record cost,
# not handshakes).
#
# Last, a file too large for the portal's memory cache (20 MiB, as a council document may be),
# served from its descriptor by the portal and by nginx, plain and over HTTPS at 50 connections,
# with each side's resident memory (the portal's VmHWM, its peak, before and after; nginx's
# workers' VmRSS) so a growth per reader would show.
#
# Fair by construction: the demo's encoder runs throughout, for both sides alike; the two sides
# take turns (ours first in odd rounds, nginx first in even ones) and every figure is the median
# of BENCH_SERVE_ROUNDS rounds; only 2xx answers count and every failure is printed; nginx
# serves the very files the portal serves (a copy of the playlist as it was when the run
# started) with sendfile and its open-file cache, as a tuned nginx would.
# Figures, never a verdict: nothing here fails on a slow machine.
set -eu
cd "$(dirname "$0")/.."
. bench/common.sh
levels=${BENCH_SERVE_CONNECTIONS:-50 400 2000}
seconds=${BENCH_SERVE_SECONDS:-8}
rounds=${BENCH_SERVE_ROUNDS:-3}
tls_connections=${BENCH_SERVE_TLS_CONNECTIONS:-50}
most=$(printf '%s\n' $levels "$tls_connections" | sort -n | tail -1)
# wrk holds one descriptor per connection, and so do both servers.
ulimit -n $((most * 2 + 1024)) 2>/dev/null || true

dir=$(mktemp -d /tmp/councilcast-bench-XXXXXX)
port=$(free_port)
nginx_port=$(free_port)
tls_port=$(free_port)
nginx_tls_port=$(free_port)
tls_pid=
cleanup() {
    [ -f "$dir/nginx.pid" ] && kill "$(cat "$dir/nginx.pid")" 2>/dev/null || true
    [ -n "$tls_pid" ] && kill "$tls_pid" 2>/dev/null && wait "$tls_pid" 2>/dev/null || true
    stop_demo
    rm -rf "$dir" "$dir.log" "$dir.toml"
}
trap cleanup EXIT

# Every connection comes from 127.0.0.1, so the per-address limit (64 by default, as a public
# server should have) is raised to what wrk opens, and the total limit with it.
limits=$(printf '\n[http]\nmax_connections = %s\nmax_connections_per_address = %s\n' \
    $((most + 64)) $((most + 64)))
{ cat config/demo.toml; echo "$limits"; } > "$dir.toml"
start_serve "$dir.toml" "$dir" "$port"
# A full live window (6 segments), so the playlist has the size players get in steady state.
wait_segments "$port" 6 60

playlist_url="http://127.0.0.1:$port/live/hall/720p/live.m3u8"
segment=$(curl -fs "$playlist_url" | grep '\.ts$' | tail -1)
curl -fs "$playlist_url" > "$dir/media/hall/720p/live.m3u8"

# The HTTPS councilcast is a second portal on a copy of the same database and media with [tls]. Its
# channel has the same names but a 160x90 5 fps picture, so its own worker costs next to nothing;
# it runs for the whole benchmark, during nginx's turns as during ours. nginx's HTTPS side serves
# that portal's files and a copy of its playlist.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=localhost \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$dir/tls.key" -out "$dir/tls.crt" 2>/dev/null
mkdir "$dir/tls-data"
cp -r "$dir/media" "$dir"/councilcast.sqlite* "$dir/tls-data/"
{ printf '[tls]\ncertificate = "%s"\nprivate_key = "%s"\n' "$dir/tls.crt" "$dir/tls.key"
  echo "$limits"
  cat tests/support/light_channel.toml; } > "$dir/tls.toml"
"$BIN" serve --config "$dir/tls.toml" --listen "127.0.0.1:$tls_port" --data-dir "$dir/tls-data" \
    >/dev/null 2>"$dir/tls.log" &
tls_pid=$!
end=$(( $(date +%s) + 20 ))
until curl -kfs "https://127.0.0.1:$tls_port/healthz" >/dev/null; do
    [ "$(date +%s)" -le "$end" ] || { echo "serve: the HTTPS portal did not start" >&2; exit 1; }
    sleep 0.05
done
curl -kfs "https://127.0.0.1:$tls_port/live/hall/720p/live.m3u8" > "$dir/tls-data/media/hall/720p/live.m3u8"

cat > "$dir/nginx.conf" <<CONF
user root;
worker_processes $(nproc);
worker_rlimit_nofile $((most * 2 + 1024));
pid $dir/nginx.pid;
error_log $dir/nginx-error.log;
events { worker_connections $((most + 1024)); }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    open_file_cache max=64 inactive=60s;
    types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; }
    server {
        listen 127.0.0.1:$nginx_port backlog=4096;
        root $dir/media;
        location / { add_header Cache-Control "public, max-age=31536000, immutable"; }
    }
    server {
        listen 127.0.0.1:$nginx_tls_port ssl backlog=4096;
        ssl_certificate $dir/tls.crt;
        ssl_certificate_key $dir/tls.key;
        ssl_protocols TLSv1.2 TLSv1.3;
        root $dir/tls-data/media;
        location / { add_header Cache-Control "public, max-age=31536000, immutable"; }
    }
}
CONF
nginx -c "$dir/nginx.conf"

ours_base=http://127.0.0.1:$port/live/hall/720p
nginx_base=http://127.0.0.1:$nginx_port/hall/720p
ours_tls_base=https://127.0.0.1:$tls_port/live/hall/720p
nginx_tls_base=https://127.0.0.1:$nginx_tls_port/hall/720p

# Same bytes: both sides must send bodies of the same length before anything is measured.
length() {
    curl -kfs -o /dev/null -w '%{size_download}' "$1"
}
for pair in "$ours_base $nginx_base" "$ours_tls_base $nginx_tls_base"; do
    set -- $pair
    for file in "$segment" live.m3u8; do
        a=$(length "$1/$file")
        b=$(length "$2/$file")
        [ "$a" = "$b" ] || { echo "serve: $1/$file is $a bytes but $2/$file is $b" >&2; exit 1; }
    done
done
segment_bytes=$(length "$nginx_base/$segment")
playlist_bytes=$(length "$nginx_base/live.m3u8")

# cpu_ticks PID...: CPU time (user + system, all threads) the processes have used, in ticks.
cpu_ticks() {
    total=0
    for pid in "$@"; do total=$((total + $(ticks "$pid"))); done
    echo "$total"
}
hz=$(getconf CLK_TCK)
nginx_workers=$(pgrep -P "$(cat "$dir/nginx.pid")" | tr '\n' ' ')

# measure LABEL CONNECTIONS OURS_URL NGINX_URL OURS_PID: the rounds, turns alternating, then one
# line. Besides requests per second, each side's CPU time per successful request (the portal's
# threads; nginx's workers): on a machine shared with the encoder and wrk, what a request costs
# says more than how many fit in the CPU left over.
measure() {
    label=$1
    connections=$2
    ours_url=$3
    nginx_url=$4
    ours_pid=$5
    ours_rates= nginx_rates= ours_p99s= nginx_p99s= ours_costs= nginx_costs=
    ours_failures=0
    nginx_failures=0
    round=1
    while [ "$round" -le "$rounds" ]; do
        if [ $((round % 2)) = 1 ]; then order="ours nginx"; else order="nginx ours"; fi
        for side in $order; do
            if [ "$side" = ours ]; then pids=$ours_pid url=$ours_url; else pids=$nginx_workers url=$nginx_url; fi
            before=$(cpu_ticks $pids)
            set -- $(wrk_figures "$connections" "$seconds" "$url")
            used=$(( $(cpu_ticks $pids) - before ))
            cost=$(awk -v t="$used" -v hz="$hz" -v ok="$1" -v s="$seconds" \
                'BEGIN { printf "%.1f", (ok > 0 ? t / hz * 1e6 / (ok * s) : 0) }')
            if [ "$side" = ours ]; then
                ours_rates="$ours_rates $1" ours_p99s="$ours_p99s $4" ours_costs="$ours_costs $cost"
                ours_failures=$((ours_failures + $2))
            else
                nginx_rates="$nginx_rates $1" nginx_p99s="$nginx_p99s $4" nginx_costs="$nginx_costs $cost"
                nginx_failures=$((nginx_failures + $2))
            fi
        done
        round=$((round + 1))
    done
    awk -v label="$label" -v c="$connections" -v o="$(median $ours_rates)" \
        -v n="$(median $nginx_rates)" -v of="$ours_failures" -v nf="$nginx_failures" \
        -v op="$(median $ours_p99s)" -v np="$(median $nginx_p99s)" \
        -v oc="$(median $ours_costs)" -v nc="$(median $nginx_costs)" \
        -v ours_each="$(echo $ours_rates)" -v nginx_each="$(echo $nginx_rates)" 'BEGIN {
        printf "serve: %-17s %4d conn: councilcast %6.0f ok/s, p99 %6.1f ms, %5.1f us CPU/req, %d failed | nginx %6.0f ok/s, p99 %6.1f ms, %5.1f us CPU/req, %d failed | ratio %.2f [rounds: ours %s; nginx %s]\n",
            label, c, o, op, oc, of, n, np, nc, nf, (n > 0 ? o / n : 0), ours_each, nginx_each
    }'
}

echo "serve: segment $segment_bytes bytes, live playlist $playlist_bytes bytes; $(nproc) cores; encoder running throughout; median of $rounds rounds of ${seconds} s, turns alternating"
for connections in $levels; do
    measure "segment" "$connections" "$ours_base/$segment" "$nginx_base/$segment" "$DEMO_PID"
    measure "live playlist" "$connections" "$ours_base/live.m3u8" "$nginx_base/live.m3u8" "$DEMO_PID"
done
measure "segment over TLS" "$tls_connections" "$ours_tls_base/$segment" \
    "$nginx_tls_base/$segment" "$tls_pid"
measure "playlist over TLS" "$tls_connections" "$ours_tls_base/live.m3u8" \
    "$nginx_tls_base/live.m3u8" "$tls_pid"

# A 20 MiB "segment": the segment route serves any file with a segment's name, and a file this
# size is never read into the cache, so this is the large-file path (sendfile over plain HTTP,
# bounded reads over TLS). Both sides serve the same file.
large=ffff-999999.ts
head -c $((20 * 1024 * 1024)) /dev/urandom > "$dir/media/hall/720p/$large"
cp "$dir/media/hall/720p/$large" "$dir/tls-data/media/hall/720p/$large"
for pair in "$ours_base $nginx_base" "$ours_tls_base $nginx_tls_base"; do
    set -- $pair
    a=$(length "$1/$large")
    b=$(length "$2/$large")
    [ "$a" = "$b" ] || { echo "serve: $1/$large is $a bytes but $2/$large is $b" >&2; exit 1; }
done
# memory PID...: "VmHWM/VmRSS" of each, in MiB.
memory() {
    for pid in "$@"; do
        awk '/^VmHWM/ { h = $2 } /^VmRSS/ { r = $2 } END { printf "%d/%d ", h / 1024, r / 1024 }' "/proc/$pid/status"
    done
}
echo "serve: 20 MiB file; memory in MiB as peak/now: councilcast $(memory "$DEMO_PID"), over TLS $(memory "$tls_pid"), nginx workers $(memory $nginx_workers)"
measure "20 MiB file" 50 "$ours_base/$large" "$nginx_base/$large" "$DEMO_PID"
measure "20 MiB over TLS" 50 "$ours_tls_base/$large" "$nginx_tls_base/$large" "$tls_pid"
echo "serve: after the 20 MiB file: councilcast $(memory "$DEMO_PID"), over TLS $(memory "$tls_pid"), nginx workers $(memory $nginx_workers)"

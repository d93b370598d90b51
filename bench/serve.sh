#!/bin/sh
# Requests per second for a media segment and for the live playlist, councilcast against nginx
# serving the same files on the same machine in the same run (wrk, 2 threads, 64 connections,
# 10 s each). The streamer worker is paused meanwhile so the encoder does not skew either side.
set -eu
cd "$(dirname "$0")/.."
. bench/common.sh
dir=$(mktemp -d /tmp/councilcast-bench-XXXXXX)
port=$(free_port)
nginx_port=$(free_port)
start_demo "$dir" "$port"
wait_segments "$port" 3 30
worker=$(worker_pid)
kill -STOP "$worker"

playlist_url="http://127.0.0.1:$port/live/hall/720p/live.m3u8"
segment=$(curl -fs "$playlist_url" | grep '\.ts$' | tail -1)
# nginx serves the same segment file and a copy of the same playlist.
curl -fs "$playlist_url" > "$dir/media/hall/720p/live.m3u8"
cat > "$dir/nginx.conf" <<CONF
user root;
worker_processes $(nproc);
pid $dir/nginx.pid;
error_log $dir/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; }
    server {
        listen 127.0.0.1:$nginx_port;
        root $dir/media;
        location / { add_header Cache-Control "public, max-age=31536000, immutable"; }
    }
}
CONF
nginx -c "$dir/nginx.conf"

# Requests per second; a run with any non-2xx answer is reported as 0 (a broken peer is no peer).
rps() {
    wrk -t2 -c64 -d10s "$1" | awk '/Non-2xx/ {bad = 1} /Requests\/sec/ {rate = $2} END {print bad ? 0 : rate}'
}
ours_segment=$(rps "http://127.0.0.1:$port/live/hall/720p/$segment")
nginx_segment=$(rps "http://127.0.0.1:$nginx_port/hall/720p/$segment")
ours_playlist=$(rps "$playlist_url")
nginx_playlist=$(rps "http://127.0.0.1:$nginx_port/hall/720p/live.m3u8")
size=$(stat -c %s "$dir/media/hall/720p/$segment")

kill "$(cat "$dir/nginx.pid")"
kill -CONT "$worker"
stop_demo
rm -rf "$dir" "$dir.log"

awk -v os="$ours_segment" -v ns="$nginx_segment" -v op="$ours_playlist" -v np="$nginx_playlist" -v size="$size" 'BEGIN {
    printf "segment (%d bytes): councilcast %.0f req/s, nginx %.0f req/s, ratio %.2f\n", size, os, ns, os / ns
    printf "live playlist:       councilcast %.0f req/s, nginx %.0f req/s, ratio %.2f\n", op, np, op / np
}'

#!/bin/sh
# Requests per second for a media segment and for the live playlist, councilcast against nginx
# serving the same files on the same machine in the same run (wrk, 2 threads, 64 connections,
# 10 s each), over plain HTTP and over HTTPS with one self-signed certificate for both. wrk keeps
# its connections alive, so the HTTPS figures measure encryption, not handshakes. The streamer
# workers are paused meanwhile so the encoder does not skew either side.
set -eu
cd "$(dirname "$0")/.."
. bench/common.sh
dir=$(mktemp -d /tmp/councilcast-bench-XXXXXX)
port=$(free_port)
nginx_port=$(free_port)
tls_port=$(free_port)
nginx_tls_port=$(free_port)
start_demo "$dir" "$port"
wait_segments "$port" 3 30
worker=$(worker_pid)
kill -STOP "$worker"

playlist_url="http://127.0.0.1:$port/live/hall/720p/live.m3u8"
segment=$(curl -fs "$playlist_url" | grep '\.ts$' | tail -1)
# nginx serves the same segment file and a copy of the same playlist.
curl -fs "$playlist_url" > "$dir/media/hall/720p/live.m3u8"
# The HTTPS councilcast is a second portal on a copy of the same database and media with [tls]. Its
# channel has the same names but a 160x90 5 fps picture, so its worker costs next to nothing and
# needs no pausing (a paused worker is killed and restarted by the supervisor after 10 s).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=localhost \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$dir/tls.key" -out "$dir/tls.crt" 2>/dev/null
mkdir "$dir/tls-data"
cp -r "$dir/media" "$dir"/councilcast.sqlite* "$dir/tls-data/"
{ printf '[tls]\ncertificate = "%s"\nprivate_key = "%s"\n' "$dir/tls.crt" "$dir/tls.key"
  cat tests/support/light_channel.toml; } > "$dir/tls.toml"
"$BIN" serve --config "$dir/tls.toml" --listen "127.0.0.1:$tls_port" --data-dir "$dir/tls-data" \
    >/dev/null 2>"$dir/tls.log" &
tls_pid=$!
end=$(( $(date +%s) + 20 ))
until curl -kfs "https://127.0.0.1:$tls_port/healthz" >/dev/null; do
    [ "$(date +%s)" -le "$end" ] || { echo "the HTTPS portal did not start" >&2; exit 1; }
    sleep 0.05
done

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
    server {
        listen 127.0.0.1:$nginx_tls_port ssl;
        ssl_certificate $dir/tls.crt;
        ssl_certificate_key $dir/tls.key;
        ssl_protocols TLSv1.2 TLSv1.3;
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
ours_tls_segment=$(rps "https://127.0.0.1:$tls_port/live/hall/720p/$segment")
nginx_tls_segment=$(rps "https://127.0.0.1:$nginx_tls_port/hall/720p/$segment")
ours_tls_playlist=$(rps "https://127.0.0.1:$tls_port/live/hall/720p/live.m3u8")
nginx_tls_playlist=$(rps "https://127.0.0.1:$nginx_tls_port/hall/720p/live.m3u8")
size=$(stat -c %s "$dir/media/hall/720p/$segment")

kill "$(cat "$dir/nginx.pid")"
kill "$tls_pid"
wait "$tls_pid" 2>/dev/null || true
kill -CONT "$worker" 2>/dev/null || true  # the supervisor may have replaced it meanwhile
stop_demo
rm -rf "$dir" "$dir.log"

awk -v os="$ours_segment" -v ns="$nginx_segment" -v op="$ours_playlist" -v np="$nginx_playlist" \
    -v ots="$ours_tls_segment" -v nts="$nginx_tls_segment" -v otp="$ours_tls_playlist" \
    -v ntp="$nginx_tls_playlist" -v size="$size" 'BEGIN {
    printf "segment (%d bytes): councilcast %.0f req/s, nginx %.0f req/s, ratio %.2f\n", size, os, ns, os / ns
    printf "live playlist:       councilcast %.0f req/s, nginx %.0f req/s, ratio %.2f\n", op, np, op / np
    print "HTTPS (connections kept alive: handshakes are not measured):"
    printf "segment over TLS:    councilcast %.0f req/s, nginx %.0f req/s, ratio %.2f\n", ots, nts, ots / nts
    printf "playlist over TLS:   councilcast %.0f req/s, nginx %.0f req/s, ratio %.2f\n", otp, ntp, otp / ntp
}'

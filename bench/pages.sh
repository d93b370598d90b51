#!/bin/sh
# Time to serve the public pages under load while the live stream plays: wrk with 200
# connections (2 threads, 15 s, gzip accepted as browsers do) on the home page and on the live
# meeting's page, median and p99 latency and requests per second; nginx serving the same bytes
# (the page saved as a static file, gzip on) in the same run is the peer. The live stream is
# watched meanwhile as a player would (bench/live_probe.py). Then the page weight of each page
# type: the HTML and the scripts and styles it loads, as transferred with gzip.
# The goal for councilcast: p99 under 20 ms on 2 cores.
set -eu
cd "$(dirname "$0")/.."
. bench/common.sh
connections=${BENCH_PAGES_CONNECTIONS:-200}
seconds=${BENCH_PAGES_SECONDS:-15}
dir=$(mktemp -d /tmp/councilcast-bench-XXXXXX)
port=$(free_port)
nginx_port=$(free_port)
cleanup() {
    [ -f "$dir/nginx.pid" ] && kill "$(cat "$dir/nginx.pid")" 2>/dev/null || true
    stop_demo
    rm -rf "$dir" "$dir.log" "$dir.toml"
}
trap cleanup EXIT
# The demo with its municipality, allowing wrk's connections from one address (the default is
# 64 per address, as a public server should).
{ cat config/demo.toml; printf '\n[http]\nmax_connections_per_address = %s\n' $((connections + 64)); } > "$dir.toml"
"$BIN" serve --config "$dir.toml" --listen "127.0.0.1:$port" --data-dir "$dir" --seed-demo \
    >/dev/null 2>"$dir.log" &
DEMO_PID=$!
wait_segments "$port" 3 30
base=http://127.0.0.1:$port
meeting=$(curl -fs "$base/" | grep -o 'live-meeting__title"><a href="/meetings/[0-9]*' | grep -o '[0-9]*$')
[ -n "$meeting" ] || { echo "pages: no live meeting on the demo's home page" >&2; exit 1; }

# The same bytes for nginx: each page as councilcast sends it, gzip on for text/html.
mkdir -p "$dir/static/meetings"
curl -fs "$base/" > "$dir/static/index.html"
curl -fs "$base/meetings/$meeting" > "$dir/static/meetings/$meeting.html"
cat > "$dir/nginx.conf" <<CONF
user root;
worker_processes $(nproc);
pid $dir/nginx.pid;
error_log $dir/nginx-error.log;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 100000;
    gzip on;
    gzip_comp_level 1;
    types { text/html html; }
    default_type text/html;
    server {
        listen 127.0.0.1:$nginx_port backlog=1024;
        root $dir/static;
        location = / { try_files /index.html =404; }
        location /meetings/ { try_files \$uri.html =404; }
    }
}
CONF
nginx -c "$dir/nginx.conf"

# "p50_ms p99_ms req_per_s" from wrk --latency; a run with any non-2xx answer reports 0 req/s.
load() {
    wrk -t2 -c"$connections" -d"${seconds}s" --latency -H 'Accept-Encoding: gzip' "$1" | awk '
        function ms(v) {
            if (v ~ /us$/) return v / 1000
            if (v ~ /ms$/) return v + 0
            if (v ~ /s$/) return v * 1000
            return v
        }
        /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
        /Non-2xx/ { bad = 1 } /Requests\/sec/ { rate = $2 }
        END { printf "%.2f %.2f %.0f\n", p50, p99, bad ? 0 : rate }'
}

report() {  # NAME OURS NGINX
    echo "$2 $3" | awk -v name="$1" -v c="$connections" '{
        printf "pages: %s, %d connections: councilcast median %.2f ms, p99 %.2f ms, %.0f req/s; nginx (same bytes, static) median %.2f ms, p99 %.2f ms, %.0f req/s; req/s ratio %.2f\n",
            name, c, $1, $2, $3, $4, $5, $6, ($6 > 0 ? $3 / $6 : 0)
    }'
}

for page in home meeting; do
    if [ "$page" = home ]; then path=/; else path=/meetings/$meeting; fi
    python3 bench/live_probe.py "$base/live/hall/720p/" "$seconds" > "$dir/probe" &
    probe=$!
    ours=$(load "$base$path")
    wait "$probe"
    theirs=$(load "http://127.0.0.1:$nginx_port$path")
    report "$page page ($path)" "$ours" "$theirs"
    tr ' ' '\n' < "$dir/probe" | awk -F= -v page="$page" '{ v[$1] = $2 } END {
        printf "pages: live stream during the %s load: playlist median %s ms, max %s ms; largest gap between new segments %s s (segment duration 2 s); slowest segment download %s ms\n",
            page, v["playlist_median_ms"], v["playlist_max_ms"], v["max_gap_s"], v["segment_max_ms"]
    }'
done

# Page weight: the page and what it loads (the live video's playlists and segments aside).
gz() {
    curl -fs -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "$base$1"
}
css=$(gz /assets/css/site.css)
player=$(( $(gz /assets/vendor/hls.min.js) + $(gz /assets/js/player.js) ))
decision=$(curl -fs "$base/" | grep -o 'href="/decisions/[0-9]*' | head -1 | grep -o '[0-9]*$')
member=$(curl -fs "$base/council" | grep -o 'href="/council/[0-9]*' | head -1 | grep -o '[0-9]*$')
line="pages: weight with gzip (HTML + CSS + player scripts where there is a player):"
for entry in "home / 1" "meetings /meetings 0" "meeting-live /meetings/$meeting 1" "council /council 0" \
             "member /council/$member 0" "decisions /decisions 0" "decision /decisions/$decision 0" \
             "embed-live /embed/live 1" "embed-upcoming /embed/upcoming 0"; do
    set -- $entry
    html=$(gz "$2")
    total=$(( html + css + $3 * player ))
    line="$line $1 $(awk -v b="$total" -v h="$html" 'BEGIN { printf "%.1f KiB (HTML %.1f)", b / 1024, h / 1024 }');"
done
echo "$line"

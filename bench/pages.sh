#!/bin/sh
# Time to serve the public pages under load while the live stream plays: wrk with 200
# connections (2 threads, 10 s, gzip accepted as browsers do) on the home page and on the live
# meeting's page, median and p99 latency and successful requests per second, against nginx
# serving the same bytes in the same run. Two runs of each:
# - cache hit: councilcast serves the page from its cache of anonymous pages, gzipped once; nginx
#   serves the very bytes councilcast sent, pre-compressed on disk (gzip_static).
# - cache miss: every request carries a query never seen before (bench/cache_miss.lua), so
#   councilcast renders and compresses each page; nginx compresses each response (gzip on, level
#   1, as councilcast's page gzip) of the same HTML.
# The encoder runs throughout for both; the sides take turns (ours first in odd rounds) and each
# figure is the median of BENCH_PAGES_ROUNDS rounds; only 2xx answers count, failures are printed.
# The live stream is watched during councilcast's first turn of each run as a player would
# (bench/live_probe.py). Then the page weight of each page type: the HTML and the scripts and
# styles it loads, as transferred with gzip. The goal for councilcast: p99 under 20 ms on 2 cores.
set -eu
cd "$(dirname "$0")/.."
. bench/common.sh
connections=${BENCH_PAGES_CONNECTIONS:-200}
seconds=${BENCH_PAGES_SECONDS:-10}
rounds=${BENCH_PAGES_ROUNDS:-2}
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

# The same bytes for nginx: each page as councilcast sends it, plain and gzipped.
mkdir -p "$dir/static/meetings"
save() {  # PATH FILE: the page, and beside it FILE.gz with councilcast's own gzip bytes
    curl -fs "$base$1" > "$2"
    curl -fs -H 'Accept-Encoding: gzip' "$base$1" > "$2.gz"
    gzip -t "$2.gz"
}
save / "$dir/static/index.html"
save "/meetings/$meeting" "$dir/static/meetings/$meeting.html"
nginx_gzip_port=$(free_port)
cat > "$dir/nginx.conf" <<CONF
user root;
worker_processes $(nproc);
pid $dir/nginx.pid;
error_log $dir/nginx-error.log;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 1000000;
    open_file_cache max=64 inactive=60s;
    types { text/html html; }
    default_type text/html;
    # Cache hit: the .gz councilcast sent, as it is.
    server {
        listen 127.0.0.1:$nginx_port backlog=1024;
        root $dir/static;
        gzip_static on;
        location = / { try_files /index.html =404; }
        location /meetings/ { try_files \$uri.html =404; }
    }
    # Cache miss: compressed for each response.
    server {
        listen 127.0.0.1:$nginx_gzip_port backlog=1024;
        root $dir/static;
        gzip on;
        gzip_comp_level 1;
        location = / { try_files /index.html =404; }
        location /meetings/ { try_files \$uri.html =404; }
    }
}
CONF
nginx -c "$dir/nginx.conf"

# Same bytes: nginx sends the .gz file councilcast sent, not a compression of its own.
for page in index.html "meetings/$meeting.html"; do
    path=/${page%.html}
    [ "$page" = index.html ] && path=/
    theirs=$(curl -fs -H 'Accept-Encoding: gzip' "http://127.0.0.1:$nginx_port$path" | md5sum)
    [ "$(md5sum < "$dir/static/$page.gz")" = "$theirs" ] ||
        { echo "pages: nginx does not send councilcast's gzip bytes for $path" >&2; exit 1; }
done

# run NAME PATH MODE: the rounds for one page and one mode (hit or miss), then its lines.
run() {
    name=$1
    path=$2
    mode=$3
    if [ "$mode" = miss ]; then
        nginx_base=http://127.0.0.1:$nginx_gzip_port
        script="-s bench/cache_miss.lua"
    else
        nginx_base=http://127.0.0.1:$nginx_port
        script=
    fi
    ours_rates= nginx_rates= ours_p50s= nginx_p50s= ours_p99s= nginx_p99s=
    ours_failures=0
    nginx_failures=0
    round=1
    while [ "$round" -le "$rounds" ]; do
        if [ $((round % 2)) = 1 ]; then order="ours nginx"; else order="nginx ours"; fi
        for side in $order; do
            if [ "$side" = ours ]; then
                probe=
                if [ "$round" = 1 ]; then
                    python3 bench/live_probe.py "$base/live/hall/720p/" "$seconds" > "$dir/probe" &
                    probe=$!
                fi
                set -- $(wrk_figures "$connections" "$seconds" "$base$path" \
                    -H 'Accept-Encoding: gzip' $script)
                [ -z "$probe" ] || wait "$probe"
                ours_rates="$ours_rates $1" ours_p50s="$ours_p50s $3" ours_p99s="$ours_p99s $4"
                ours_failures=$((ours_failures + $2))
            else
                set -- $(wrk_figures "$connections" "$seconds" "$nginx_base$path" \
                    -H 'Accept-Encoding: gzip' $script)
                nginx_rates="$nginx_rates $1" nginx_p50s="$nginx_p50s $3" nginx_p99s="$nginx_p99s $4"
                nginx_failures=$((nginx_failures + $2))
            fi
        done
        round=$((round + 1))
    done
    if [ "$mode" = miss ]; then
        how="cache miss (councilcast renders and gzips each page; nginx gzips each response)"
    else
        how="cache hit (councilcast from its gzipped cache; nginx the same .gz bytes, gzip_static)"
    fi
    awk -v name="$name" -v how="$how" -v c="$connections" \
        -v o50="$(median $ours_p50s)" -v o99="$(median $ours_p99s)" -v o="$(median $ours_rates)" \
        -v n50="$(median $nginx_p50s)" -v n99="$(median $nginx_p99s)" -v n="$(median $nginx_rates)" \
        -v of="$ours_failures" -v nf="$nginx_failures" 'BEGIN {
        printf "pages: %s, %s, %d connections: councilcast median %.2f ms, p99 %.2f ms, %.0f ok/s, %d failed; nginx median %.2f ms, p99 %.2f ms, %.0f ok/s, %d failed; ok/s ratio %.2f\n",
            name, how, c, o50, o99, o, of, n50, n99, n, nf, (n > 0 ? o / n : 0)
    }'
    tr ' ' '\n' < "$dir/probe" | awk -F= -v name="$name" -v mode="$mode" '{ v[$1] = $2 } END {
        printf "pages: live stream during the %s load (cache %s): playlist median %s ms, max %s ms; largest gap between new segments %s s (segment duration 2 s); slowest segment download %s ms; failed: %s playlists, %s segments\n",
            name, mode, v["playlist_median_ms"], v["playlist_max_ms"], v["max_gap_s"], v["segment_max_ms"], v["playlist_failures"], v["segment_failures"]
    }'
}

echo "pages: $(nproc) cores; encoder running throughout; median of $rounds rounds of ${seconds} s, turns alternating"
for mode in hit miss; do
    run "home page (/)" / "$mode"
    run "meeting page (/meetings/$meeting)" "/meetings/$meeting" "$mode"
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

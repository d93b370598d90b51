#!/bin/sh
# Every benchmark in turn. Figures only: nothing here fails on a slow machine.
set -eu
cd "$(dirname "$0")/.."
# Measured as deployed: -O2 (scripts/test.sh leaves the build at -O1).
cmake -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCOUNCILCAST_OPTIMIZATION=-O2 >/dev/null
cmake --build build -j"$(nproc)"
build/bench/overlay_bench
build/bench/mail_bench
build/bench/sse_bench
build/bench/ll_viewers_bench
build/bench/writer_bench
build/bench/voting_bench
build/bench/petition_bench
build/bench/booking_bench
build/bench/report_bench
build/bench/search_bench
build/bench/recording_media_bench
build/bench/recording_playlist_bench
build/bench/annotation_bench
build/bench/import_bench
build/bench/hall_bench
sh bench/startup.sh
sh bench/latency.sh
sh bench/cpu.sh
sh bench/serve.sh
sh bench/login.sh
sh bench/pages.sh
sh bench/reset_flood.sh

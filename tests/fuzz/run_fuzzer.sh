#!/bin/sh
# The fuzz test: FUZZER CORPUS DICT SECONDS. Fuzzes a scratch copy of the corpus, so what the run
# adds never lands in the source tree; a crash, leak or hang fails the test and leaves its input
# (crash-*, leak-*, timeout-*) in the current directory, the build's tests/fuzz.
set -eu
fuzzer=$1 corpus=$2 dict=$3 seconds=$4
scratch=$(pwd)/http_request_scratch
rm -rf "$scratch"
mkdir -p "$scratch"
cp "$corpus"/* "$scratch"/
exec "$fuzzer" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -dict="$dict" -artifact_prefix="$(pwd)/" "$scratch"

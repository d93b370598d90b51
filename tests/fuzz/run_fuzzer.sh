#!/bin/sh
# The fuzz test: FUZZER CORPUS DICT SECONDS. Fuzzes a scratch copy of the corpus, so what the run
# adds never lands in the source tree; a crash, leak or hang fails the test and leaves its input
# (crash-*, leak-*, timeout-*) in the current directory, the build's tests/fuzz. Prints libFuzzer's
# final figures and how many of the account and staff handlers the run reached.
set -eu
fuzzer=$1 corpus=$2 dict=$3 seconds=$4
scratch=$(pwd)/http_request_scratch
log=$(pwd)/http_request_fuzz.log
rm -rf "$scratch"
mkdir -p "$scratch"
cp "$corpus"/* "$scratch"/
status=0
"$fuzzer" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -print_coverage=1 -dict="$dict" -artifact_prefix="$(pwd)/" "$scratch" 2>"$log" || status=$?
grep -v -e 'COVERED_FUNC' -e 'COVERED_PC' -e '^COVERAGE:' "$log" | tail -n 30
for module in AccountPages StaffPages CouncilEditor SittingConsole VotingApi; do
    covered=$(grep -c "^COVERED_FUNC.*portal::$module::" "$log" || true)
    uncovered=$(grep -c "^UNCOVERED_FUNC.*portal::$module::" "$log" || true)
    echo "coverage: $module: $covered of $((covered + uncovered)) functions (coroutine parts and lambdas counted apart) reached"
    not_reached=$(sed -n "s/^UNCOVERED_FUNC: hits: 0 edges: [0-9/]* councilcast::portal::$module::\([a-z_]*\)(.*) (.resume).*/\1/p" \
        "$log" | sort -u | tr '\n' ' ')
    [ -z "$not_reached" ] || echo "  handlers (coroutines) never run: $not_reached"
done
exit "$status"

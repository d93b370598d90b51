#!/bin/sh
# Installs what is missing, builds, and runs the whole test suite (`.ci/run` runs this).
# Extra arguments go to ctest, e.g. `scripts/test.sh -LE slow` for the quick tests only.
set -eu
cd "$(dirname "$0")/.."
./scripts/setup.sh
# Every #include within the rule its folder's README states (portal's rooms included).
./scripts/check-layout
# -O1: the suite compiles a fifth faster than at -O2 (CMakeLists.txt, COUNCILCAST_OPTIMIZATION).
cmake -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCOUNCILCAST_OPTIMIZATION=-O1
cmake --build build -j"$(nproc)"

# The request fuzzer for a minute, in its own clang build with ASan and UBSan
# (tests/fuzz/README.md). Its test is labelled fuzz;slow: when the arguments leave it out
# (`-LE slow`), the sanitizer build is not made either.
CC=clang-14 CXX=clang++-14 cmake -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCOUNCILCAST_FUZZ=ON
fuzz=no
if ctest --test-dir build-fuzz -N "$@" | grep -q '^Total Tests: [1-9]'; then
    fuzz=yes
    # Built while the tests run, at the lowest CPU priority: most tests wait on real-time media,
    # a browser or a socket, and the compiler takes only the time they leave idle (a test's own
    # processes keep about 98 % of a contended core). This saves CI most of the sanitizer build.
    nice -n 19 cmake --build build-fuzz -j"$(nproc)" --target http_request_fuzzer \
        >build-fuzz/build.log 2>&1 &
    fuzz_build=$!
fi

status=0
ctest --test-dir build --output-on-failure -j"$(nproc)" "$@" || status=$?

if [ "$fuzz" = yes ]; then
    if ! wait "$fuzz_build"; then
        cat build-fuzz/build.log
        exit 1
    fi
    ctest --test-dir build-fuzz --output-on-failure "$@" || status=$?
fi
exit "$status"

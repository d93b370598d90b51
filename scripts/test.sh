#!/bin/sh
# Installs what is missing, builds, and runs the whole test suite (`.ci/run` runs this).
# Extra arguments go to ctest, e.g. `scripts/test.sh -LE slow` for the quick tests only.
set -eu
cd "$(dirname "$0")/.."
./scripts/setup.sh
# Every #include within the rule its folder's README states (portal's rooms included).
./scripts/check-layout
cmake -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)" "$@"

# The request fuzzer for a minute, in its own clang build with ASan and UBSan
# (tests/fuzz/README.md). Its test is labelled fuzz;slow: when the arguments leave it out
# (`-LE slow`), the sanitizer build is not made either.
CC=clang-14 CXX=clang++-14 cmake -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCOUNCILCAST_FUZZ=ON
if ctest --test-dir build-fuzz -N "$@" | grep -q '^Total Tests: [1-9]'; then
    cmake --build build-fuzz -j"$(nproc)" --target http_request_fuzzer
    ctest --test-dir build-fuzz --output-on-failure "$@"
fi

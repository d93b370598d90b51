#!/bin/sh
# Installs what is missing, builds, and runs the whole test suite (`.ci/run` runs this).
# Extra arguments go to ctest, e.g. `scripts/test.sh -LE slow` for the quick tests only.
set -eu
cd "$(dirname "$0")/.."
./scripts/setup.sh
cmake -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$(nproc)"
cd build
ctest --output-on-failure -j"$(nproc)" "$@"

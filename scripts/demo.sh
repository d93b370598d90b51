#!/bin/sh
# Installs what is missing, builds, and starts the demo: a council hall broadcasting a test
# picture, at http://127.0.0.1:8080/ unless --listen says otherwise.
set -eu
cd "$(dirname "$0")/.."
./scripts/setup.sh
cmake -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCOUNCILCAST_OPTIMIZATION=-O2
# The server alone: the tests and benchmarks are the other command's business.
cmake --build build -j"$(nproc)" --target councilcast
exec build/councilcast demo "$@"

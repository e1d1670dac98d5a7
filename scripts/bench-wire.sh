#!/usr/bin/env bash
# `make bench-wire`: builds the benchmark and sluice-admin in release, the plain-C nng baseline,
# and runs them (client and server in separate processes; medians over several runs).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${BENCH_RUNS:-5}
# The Swift runtime linked in, as in the service images (make images), so that both share one
# release build.
swift build -c release --static-swift-stdlib --product sluice-admin
swift build -c release --static-swift-stdlib --product sluice-wire-bench
bin=$(swift build -c release --static-swift-stdlib --show-bin-path)
mkdir -p .build/bench
cc -O2 -Wall -Wextra -o .build/bench/nng_echo Benchmarks/nng-baseline/nng_echo.c -lnng
"$bin/sluice-wire-bench" --admin "$bin/sluice-admin" --c-baseline .build/bench/nng_echo --runs "$runs"

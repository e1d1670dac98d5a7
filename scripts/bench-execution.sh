#!/usr/bin/env bash
# `make bench-execution`: W1, W2 (plain and all cache hits), W5 and parked executions end to end on
# release builds of the services, each in its own process, admin and catalog on durable SQLite
# databases; medians over several runs. Then catalog lookups against 10,000 entries, over as many runs,
# each followed by the same number of plain-C nng round trips of a lookup's sizes: the machine's floor.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${BENCH_RUNS:-5}
for product in sluice-admin sluice-catalog sluice-scheduler sluice-executor sluice-bench; do
    swift build -c release --product "$product"
done
bin=$(swift build -c release --show-bin-path)
mkdir -p .build/bench
cc -O2 -Wall -Wextra -o .build/bench/nng_echo Benchmarks/nng-baseline/nng_echo.c -lnng
"$bin/sluice-bench" run --bin "$bin" --runs "$runs"
"$bin/sluice-bench" catalog --bin "$bin" --runs "$runs" --c-baseline .build/bench/nng_echo

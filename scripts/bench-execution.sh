#!/usr/bin/env bash
# `make bench-execution`: W1, W2 (plain and all cache hits), W5 and parked executions end to end on
# release builds of the services, each in its own process, admin and catalog on durable SQLite
# databases; medians over several runs. Then catalog lookups against 10,000 entries.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${BENCH_RUNS:-5}
for product in sluice-admin sluice-catalog sluice-scheduler sluice-executor sluice-bench; do
    swift build -c release --product "$product"
done
bin=$(swift build -c release --show-bin-path)
"$bin/sluice-bench" run --bin "$bin" --runs "$runs"
"$bin/sluice-bench" catalog --bin "$bin"

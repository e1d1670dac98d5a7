#!/usr/bin/env bash
# `make chaos`: release builds of the services and two Swift executors, each a process of its
# own; 1,000-task workflows with a map node, cacheable tasks and gates run while a service
# (admin, the scheduler, the catalog, an executor) is killed with kill -9 at a random moment and
# restarted, CHAOS_TRIALS times per service (20 by default). Each trial checks every execution's
# outputs against an undisturbed run's, that no node has two succeeded attempts, that every signal
# set was taken, and that no execution is stuck. The seed is printed; CHAOS_SEED replays a run.
set -euo pipefail
cd "$(dirname "$0")/.."
for product in sluice-admin sluice-catalog sluice-scheduler sluice-bench; do
    swift build -c release --static-swift-stdlib --product "$product"
done
bin=$(swift build -c release --static-swift-stdlib --show-bin-path)
"$bin/sluice-bench" chaos --bin "$bin" --trials "${CHAOS_TRIALS:-20}" ${CHAOS_SEED:+--seed "$CHAOS_SEED"}

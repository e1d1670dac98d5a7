#!/usr/bin/env bash
# `make abuse`: a hostile run against release builds of admin, the scheduler and the catalog at
# once (20,000 messages per port by default, ABUSE_MESSAGES to change it): garbage, unknown
# tokens, deep nesting, and requests at and over the wire's 16 MiB limit, over 16 connections per
# port. Prints each service's resident memory before, at its peak and after
# (BENCH abuse_<service>_rss_mb), and whether each still answers.
set -euo pipefail
cd "$(dirname "$0")/.."
for product in sluice-admin sluice-catalog sluice-scheduler sluice-bench; do
    swift build -c release --static-swift-stdlib --product "$product"
done
bin=$(swift build -c release --static-swift-stdlib --show-bin-path)
"$bin/sluice-bench" abuse --bin "$bin" --messages "${ABUSE_MESSAGES:-20000}"

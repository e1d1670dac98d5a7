#!/usr/bin/env bash
# `make bench-execution`: W1, W2 (plain and all cache hits), W5 and parked executions end to end on
# release builds of the services, each in its own process, admin and catalog on durable SQLite
# databases; medians over several runs; then W1, W2 and W5 with both on PostgreSQL (BENCH ..._pg_...).
# Then catalog lookups against 10,000 entries, over as many runs,
# each followed by the same number of plain-C nng round trips of a lookup's sizes: the machine's floor.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${BENCH_RUNS:-5}
# The Swift runtime linked in, as in the service images (make images), so that both share one
# release build.
for product in sluice-admin sluice-catalog sluice-scheduler sluice-executor sluice-bench; do
    swift build -c release --static-swift-stdlib --product "$product"
done
bin=$(swift build -c release --static-swift-stdlib --show-bin-path)
mkdir -p .build/bench
cc -O2 -Wall -Wextra -o .build/bench/nng_echo Benchmarks/nng-baseline/nng_echo.c -lnng
"$bin/sluice-bench" run --bin "$bin" --runs "$runs"
# W1, W2 and W5 again with admin and the catalog on PostgreSQL: a private server with its
# defaults (durable commits), stopped by its pid when the script ends.
pg_dir=$(mktemp -d /tmp/sluice-bench-pg.XXXXXX)
chmod 755 "$pg_dir"  # the postgres user reaches its directory through it
trap './scripts/postgres-server.sh stop "$pg_dir/server"; rmdir "$pg_dir"' EXIT
server=$(./scripts/postgres-server.sh start "$pg_dir/server" $$)
for db in sluice_admin sluice_catalog; do psql -X -q "$server" -c "CREATE DATABASE $db"; done
"$bin/sluice-bench" run --bin "$bin" --runs "$runs" --only w1 --only w2 --only w5 --label-suffix _pg \
    --admin-database "${server%/postgres}/sluice_admin" --catalog-database "${server%/postgres}/sluice_catalog"
"$bin/sluice-bench" catalog --bin "$bin" --runs "$runs" --c-baseline .build/bench/nng_echo

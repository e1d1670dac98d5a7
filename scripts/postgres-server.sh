#!/usr/bin/env bash
# A private PostgreSQL server for tests and benchmarks, from Debian's postgresql package: its own
# data directory, socket directory and port on 127.0.0.1, run as the postgres user (initdb
# refuses root), trusting local connections.
#
#   postgres-server.sh start DIR [OWNER_PID]   prints the server's URL (postgres://sluice@127.0.0.1:PORT/postgres)
#   postgres-server.sh stop DIR                stops the server started in DIR, by its pid, and removes DIR
#
# SLUICE_PG_OPTIONS adds server settings ("-c fsync=off" for tests, which need no durability
# across a power loss and create many databases); benchmarks run with the defaults.
#
# With OWNER_PID, a watchdog stops the server once that process has gone, so that a test run
# that crashed leaves no server behind.
set -euo pipefail

command=${1:?usage: postgres-server.sh start|stop DIR [OWNER_PID]}
dir=${2:?usage: postgres-server.sh start|stop DIR [OWNER_PID]}

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bindir" ]; then
  echo "postgres-server: no PostgreSQL server; install Debian's postgresql package (scripts/setup.sh does)" >&2
  exit 1
fi

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$command" in
start)
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi
  as_postgres "$bindir/initdb" -D "$dir/data" -U sluice --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  # A free port: the kernel's choice for a socket bound to port 0.
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_postgres "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=1000 ${SLUICE_PG_OPTIONS:-}" start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
  if [ -n "${3:-}" ]; then
    owner=$3
    nohup bash -c "while kill -0 $owner 2>/dev/null && [ -d '$dir' ]; do sleep 1; done; '$0' stop '$dir'" >/dev/null 2>&1 &
  fi
  echo "postgres://sluice@127.0.0.1:$port/postgres"
  ;;
stop)
  if [ -f "$dir/data/postmaster.pid" ]; then
    pid=$(head -1 "$dir/data/postmaster.pid")
    # SIGINT is PostgreSQL's fast shutdown; wait for the pid to go.
    kill -INT "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$dir"
  ;;
*)
  echo "postgres-server: unknown command $command" >&2
  exit 2
  ;;
esac

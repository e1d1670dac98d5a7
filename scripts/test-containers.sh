#!/usr/bin/env bash
# `make test-containers`, part of `make test`: Sluice's images and compose files, for real.
#
# Starts a Docker engine of its own in the background (private data root and socket; stopped by
# its pid at the end), makes the base image locally with debootstrap (no registry is needed),
# builds the service images from release executables built on this machine, and then, through
# `sluice compose` and the CLI on the published loopback ports:
#   1. on SQLite: runs a workflow with a cached task and an approval gate on two executors;
#      SIGKILLs the admin and scheduler containers while the gate waits; approves once compose's
#      restart policy has brought them back; checks the outputs, the approver, that the task ran in
#      an executor container, and that a second run hits the cache;
#   2. takes the deployment down and up again: the executions are still there (named volumes);
#   3. on PostgreSQL (compose.postgres.yaml): the same workflow, approval and cache hit;
# and takes everything down.
#
# Needs root (dockerd, debootstrap). SLUICE_DEBIAN_MIRROR overrides the mirror debootstrap uses.
set -euo pipefail
# A failure inside $(...) fails the script where it happens.
shopt -s inherit_errexit
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
  echo "test-containers: needs root, to run dockerd and debootstrap: run it (or make test) as root" >&2
  exit 1
fi

# Debian's docker.io CLI: it builds with BuildKit without the buildx plugin newer CLIs need.
docker=/usr/bin/docker
work=$(mktemp -d /tmp/sluice-containers.XXXXXX)
# The containers' user reads the principals file through a bind mount of $work/data/auth.
chmod 755 "$work"
project=sluice-test-$$
# `sluice compose up` makes the deployment's tokens here; the CLI finds its own here too.
export SLUICE_DATA_DIR="$work/data"
unset SLUICE_TOKEN SLUICE_TOKEN_FILE SLUICE_PRINCIPALS SLUICE_AUTH_OFF
dockerd_pid=""
compose_up=""

say() { printf '\n\033[1mtest-containers: %s\033[0m\n' "$*"; }
fail() {
  printf 'test-containers: FAILED: %s\n' "$*" >&2
  if [ -n "$compose_up" ]; then
    "$docker" ps -a >&2 || true
    for container in $("$docker" ps -aq --filter "label=com.docker.compose.project=$project"); do
      echo "--- logs of $("$docker" inspect -f '{{.Name}}' "$container")" >&2
      "$docker" logs --tail 30 "$container" >&2 2>&1 || true
    done
  fi
  exit 1
}

cleanup() {
  set +e
  if [ -n "$compose_up" ]; then
    "$sluice" compose down --directory compose --project "$project" --volumes >/dev/null 2>&1
  fi
  if [ -n "$dockerd_pid" ]; then
    kill "$dockerd_pid" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$dockerd_pid" 2>/dev/null
  fi
  # The engine unmounts its layers when it stops; what is still mounted is left rather than forced.
  if ! grep -q " $work/" /proc/mounts; then rm -rf "$work"; fi
}
trap cleanup EXIT

# ---- The engine --------------------------------------------------------------------------------
say "starting dockerd (data in $work/docker)"
# Without iptables: the host's firewall is left as it is. Published ports go through Docker's
# userland proxy, containers reach each other on their compose network, and builds that fetch
# packages use the host's network. An empty configuration file and namespaces of its own keep it
# apart from an engine the machine may run (and from its /etc/docker/daemon.json).
echo '{}' >"$work/daemon.json"
dockerd --config-file "$work/daemon.json" --data-root "$work/docker" --exec-root "$work/exec" \
  --pidfile "$work/dockerd.pid" -H "unix://$work/docker.sock" \
  --containerd-namespace sluice-test --containerd-plugins-namespace sluice-test-plugins \
  --bridge none --iptables=false --ip6tables=false \
  >"$work/dockerd.log" 2>&1 &
dockerd_pid=$!
export DOCKER_HOST="unix://$work/docker.sock"
for _ in $(seq 1 150); do "$docker" info >/dev/null 2>&1 && break; sleep 0.2; done
"$docker" info >/dev/null 2>&1 || { tail -20 "$work/dockerd.log" >&2; fail "dockerd did not start"; }

# ---- The images --------------------------------------------------------------------------------
say "making debian:bookworm-slim with debootstrap"
debootstrap --variant=minbase bookworm "$work/rootfs" "${SLUICE_DEBIAN_MIRROR:-http://deb.debian.org/debian}" \
  >"$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log" >&2; fail "debootstrap failed"; }
tar -C "$work/rootfs" -c . | "$docker" import - debian:bookworm-slim >/dev/null
rm -rf "$work/rootfs"

say "building the service images from this machine's release executables"
export SLUICE_IMAGE_PREFIX=sluice-test SLUICE_IMAGE_TAG=$$
DOCKER=$docker DOCKER_BUILD_NETWORK=host ./scripts/build-images.sh
DOCKER_BUILDKIT=1 "$docker" build --quiet --network host --file scripts/containers/postgres.Dockerfile \
  --tag "sluice-test/postgres:$$" scripts/containers >/dev/null
export SLUICE_POSTGRES_IMAGE="sluice-test/postgres:$$"
sluice="$(swift build -c release --static-swift-stdlib --show-bin-path)/sluice"

for service in admin scheduler catalog executor; do
  user=$("$docker" image inspect -f '{{.Config.User}}' "sluice-test/$service:$$")
  [ "$user" = sluice ] || fail "sluice-test/$service runs as '$user', not the sluice user"
  "$docker" image inspect -f '{{.Config.Healthcheck.Test}}' "sluice-test/$service:$$" | grep -q "sluice health" \
    || fail "sluice-test/$service has no health check through sluice health"
done

# ---- The deployment ----------------------------------------------------------------------------
# Free loopback ports, so that nothing else on the machine is in the way; the CLI finds them
# through SLUICE_ADMIN and the rest, as it would find the default ones.
read -r admin_port scheduler_port catalog_port < <(python3 -c '
import socket
sockets = [socket.socket() for _ in range(3)]
for s in sockets: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in sockets])')
export SLUICE_ADMIN="tcp://127.0.0.1:$admin_port" SLUICE_SCHEDULER="tcp://127.0.0.1:$scheduler_port" \
  SLUICE_CATALOG="tcp://127.0.0.1:$catalog_port"
compose() { "$sluice" compose "$1" --directory compose --project "$project" "${@:2}"; }

cat >"$work/release.yaml" <<'EOF'
tasks:
  - name: container-square
    inputs: {n: int}
    outputs: {value: int, host: string}
    cache: true
    script: |
      n={{inputs.n}}
      printf '{"value": %d, "host": "%s"}' $((n * n)) "$(cat /etc/hostname)" > "$SLUICE_OUTPUTS"
  - name: container-announce
    inputs: {value: int}
    outputs: {message: string}
    script: |
      value={{inputs.value}}
      printf 'shipped %s' "$value"
workflows:
  - name: container-release
    inputs: {n: int}
    outputs: {square: $square.value, host: $square.host, message: $announce.message}
    nodes:
      - id: square
        task: container-square
        inputs: {n: $inputs.n}
      - id: ship
        gate: {approve: ship, input: $square.value, timeout: 10m}
      - id: announce
        task: container-announce
        inputs: {value: $ship.value}
EOF

# The id of a running service's container.
container() { "$docker" ps -q --filter "label=com.docker.compose.project=$project" --filter "label=com.docker.compose.service=$1"; }

# Waits until a container of the service has restarted more than $2 times and is healthy again.
wait_restarted_healthy() {
  local service=$1 before=$2
  for _ in $(seq 1 300); do
    local id state
    id=$(container "$service")
    if [ -n "$id" ]; then
      state=$("$docker" inspect -f '{{.RestartCount}} {{.State.Health.Status}}' "$id")
      if [ "${state% *}" -gt "$before" ] && [ "${state#* }" = healthy ]; then return 0; fi
    fi
    sleep 0.2
  done
  fail "$service was not restarted and healthy within 60 s"
}

# SIGKILL from outside, as a crash would: the container's init and the service with it.
crash() {
  local service=$1 id pid restarts
  id=$(container "$service")
  restarts=$("$docker" inspect -f '{{.RestartCount}}' "$id")
  pid=$("$docker" inspect -f '{{.State.Pid}}' "$id")
  kill -9 "$pid"
  echo "killed $service (container ${id:0:12}, pid $pid)"
  wait_restarted_healthy "$service" "$restarts"
  echo "$service restarted and healthy"
}

# Waits for the execution's approval gate, returning once it is pending.
wait_pending() {
  for _ in $(seq 1 300); do
    if "$sluice" signals --pending --output json | jq -e --arg ex "$1" 'any(.[]; .execution_id == $ex and .signal_id == "ship")' >/dev/null; then
      return 0
    fi
    sleep 0.2
  done
  fail "the gate of $1 did not wait within 60 s"
}

# Runs container-release with n, approves it as $2 (crashing the services listed after it while
# the gate waits), waits for it to end, and checks its outputs. Prints the execution id.
run_release() {
  local n=$1 approver=$2 execution status
  execution=$("$sluice" run container-release -i "n=$n" --output json | jq -r .id)
  wait_pending "$execution"
  for service in "${@:3}"; do crash "$service" >&2; done
  "$sluice" approve "$execution" ship --as "$approver" >&2
  timeout 120 "$sluice" watch "$execution" >/dev/null || true
  status=$("$sluice" status "$execution" --output json)
  [ "$(jq -r .phase <<<"$status")" = SUCCEEDED ] || fail "$execution ended $(jq -c '{phase, error}' <<<"$status")"
  [ "$(jq -r .outputs.square <<<"$status")" = $((n * n)) ] || fail "$execution: square is $(jq -c .outputs <<<"$status")"
  [ "$(jq -r .outputs.message <<<"$status")" = "shipped $((n * n))" ] || fail "$execution: message is $(jq -c .outputs <<<"$status")"
  # Recorded as the principal whose token the CLI used, with the name given beside it.
  local approval
  approval=$("$sluice" signals "$execution" --output json | jq -r '.[0] | "\(.set_by) \(.display_name)"')
  [ "$approval" = "$person $approver" ] || fail "$execution: the approval says '$approval', not '$person $approver'"
  echo "$execution"
}

# The cache status of the square node of an execution, and where its value came from.
square_cache() { "$sluice" status "$1" --output json | jq -r '.nodes[] | select(.id == "square") | "\(.cache.status) \(.cache.source_execution)"'; }

# ---- 1. SQLite, two executors, crashes while the gate waits -------------------------------------
say "sluice compose up --executors 2 (SQLite)"
compose_up=yes
compose up --executors 2 || fail "compose up"
"$sluice" health || fail "sluice health"
executors=$(container executor | wc -l)
[ "$executors" -eq 2 ] || fail "$executors executor containers run, not 2"
# The executors' health check asks the scheduler whether it lists an executor on their host.
for _ in $(seq 1 150); do
  healthy=$(for id in $(container executor); do "$docker" inspect -f '{{.State.Health.Status}}' "$id"; done | grep -c '^healthy$' || true)
  [ "$healthy" -eq 2 ] && break
  sleep 0.2
done
[ "$healthy" -eq 2 ] || fail "$healthy of 2 executor containers are healthy"
compose status >"$work/status.txt" || fail "compose status"
[ "$(grep -c '(healthy)' "$work/status.txt")" -eq 5 ] || { cat "$work/status.txt" >&2; fail "compose status does not show five healthy containers"; }
"$sluice" register "$work/release.yaml" >/dev/null
# Authentication is on in the containers: the CLI's own token (made by compose up) works, and
# another is refused.
person=$(awk -F'"' '/- name:/ {name = $2} /roles: \["admin"\]/ {print name}' "$SLUICE_DATA_DIR/auth/principals.yaml")
[ -n "$person" ] || fail "compose up made no admin principal in $SLUICE_DATA_DIR/auth/principals.yaml"
refused=$("$sluice" workflows --token sluice_not-a-token 2>&1) && fail "a wrong token was accepted"
grep -q "does not accept the token" <<<"$refused" || fail "a wrong token was refused with: $refused"

say "a workflow with a cached task and an approval; admin and the scheduler are killed while the gate waits"
first=$(run_release 7 ops admin scheduler)
host=$("$sluice" status "$first" --output json | jq -r .outputs.host)
executor_hosts=$(for id in $(container executor); do "$docker" inspect -f '{{.Config.Hostname}}' "$id"; done)
grep -qx "$host" <<<"$executor_hosts" || fail "the task ran on $host, which is no executor container ($executor_hosts)"
[ "$(square_cache "$first")" = "POPULATED null" ] || fail "first run: square's cache is $(square_cache "$first")"
echo "$first succeeded; its task ran in executor container $host"

second=$(run_release 7 ops)
[ "$(square_cache "$second")" = "HIT $first" ] || fail "second run: square's cache is $(square_cache "$second"), not a hit from $first"
echo "$second succeeded; square was a cache hit from $first"

say "docker stop: every service ends gracefully on SIGTERM through tini, well within Docker's 10 s"
started=$(date +%s)
ids=$("$docker" ps -q --filter "label=com.docker.compose.project=$project")
"$docker" stop $ids >/dev/null
for id in $ids; do
  read -r name code < <("$docker" inspect -f '{{.Name}} {{.State.ExitCode}}' "$id")
  [ "$code" = 0 ] || fail "$name exited with status $code on SIGTERM"
done
[ $(($(date +%s) - started)) -lt 10 ] || fail "stopping the services took $(($(date +%s) - started)) s"
echo "$(wc -w <<<"$ids") containers stopped with status 0 in $(($(date +%s) - started)) s"

say "sluice compose down, then up: the executions are kept in the volumes"
compose down || fail "compose down"
# Only admin's and the catalog's named volumes outlive the containers; nothing else leaves one.
volumes=$("$docker" volume ls -q)
[ "$(wc -l <<<"$volumes")" -eq 2 ] && grep -q admin-data <<<"$volumes" && grep -q catalog-data <<<"$volumes" \
  || fail "after compose down the volumes are: $volumes"
compose up || fail "compose up again"
[ "$("$sluice" status "$first" --output json | jq -r .phase)" = SUCCEEDED ] || fail "$first is gone after down and up"
third=$(run_release 7 ops)
[ "$(square_cache "$third")" = "HIT $first" ] || fail "after restart: square's cache is $(square_cache "$third")"
echo "$first is still there, and the cache still hits"
compose down --volumes || fail "compose down --volumes"

# ---- 3. PostgreSQL ------------------------------------------------------------------------------
say "sluice compose up --postgres"
compose up --postgres || fail "compose up --postgres"
"$docker" exec "$(container admin)" sh -c 'test ! -e /var/lib/sluice/admin.sqlite' || fail "admin still uses SQLite"
"$sluice" register "$work/release.yaml" >/dev/null
on_postgres=$(run_release 9 lead catalog)
[ "$(square_cache "$on_postgres")" = "POPULATED null" ] || fail "on PostgreSQL: square's cache is $(square_cache "$on_postgres")"
# The entry outlives the catalog's restart. Right after it, the scheduler may not have redialled
# the catalog yet (a connection attempt made while the container was gone waits out ARP's
# failure, about 3 s): a run then goes without the cache, as any run does when the catalog does
# not answer within its deadline, and a later one hits.
for _ in 1 2 3 4; do
  again=$(run_release 9 lead)
  [ "$(square_cache "$again")" = "HIT $on_postgres" ] && break
  echo "$again: square's cache is $(square_cache "$again"); the scheduler has not redialled the catalog yet"
  sleep 2
done
[ "$(square_cache "$again")" = "HIT $on_postgres" ] || fail "on PostgreSQL: square's cache is $(square_cache "$again")"
echo "$on_postgres and $again succeeded on PostgreSQL; the second hit the cache"
compose down --volumes || fail "compose down --volumes"
[ -z "$("$docker" volume ls -q --filter "label=com.docker.compose.project=$project")" ] \
  || fail "compose down --volumes left volumes: $("$docker" volume ls -q)"
compose_up=""

say "passed"

#!/usr/bin/env bash
# Starts admin, scheduler and catalog on their default addresses with embedded defaults, shows
# that they answer (through the CLI, and through protoc and nngcat with no Swift at all), and
# stops them.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(swift build --show-bin-path)
run_dir=${SLUICE_DEMO_DIR:-.sluice/demo}
mkdir -p "$run_dir"

pids=()
stop() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop EXIT

for service in admin scheduler catalog; do
  "$bin/sluice-$service" > "$run_dir/$service.out" 2> "$run_dir/$service.log" &
  pids+=($!)
done
for service in admin scheduler catalog; do
  for _ in $(seq 1 100); do
    grep -q "listening on" "$run_dir/$service.out" 2>/dev/null && break
    sleep 0.05
  done
  if ! grep -q "listening on" "$run_dir/$service.out"; then
    echo "demo: sluice-$service did not start; its log:" >&2
    cat "$run_dir/$service.log" >&2
    exit 1
  fi
  cat "$run_dir/$service.out"
done

echo
echo "\$ sluice health"
"$bin/sluice" health

echo
echo "\$ echo 'health {}' | protoc --encode=sluice.v1.AdminRequest ... | nngcat --req --dial tcp://127.0.0.1:7100 ... | protoc --decode=sluice.v1.AdminResponse ..."
protos=(-Iproto -I/usr/include proto/sluice/v1/*.proto)
echo 'header { protocol_version: 1 request_id: "demo-1" } health { }' \
  | protoc --encode=sluice.v1.AdminRequest "${protos[@]}" \
  | nngcat --req --dial tcp://127.0.0.1:7100 --file - --raw --recv-timeout 5 \
  | protoc --decode=sluice.v1.AdminResponse "${protos[@]}"

echo
echo "Stopping the services (SIGTERM)."

#!/usr/bin/env bash
# `make demo`: starts Sluice on one machine with its embedded defaults (each service its own
# process, SQLite and logs under .sluice/demo), registers the bundled example workflows, runs
# the tour workflow (fan-out, fan-in, a branch and a retry), shows its result and node table,
# runs it again to show the cacheable tasks hitting the cache, runs a map node over a list found
# at run time (twice: the second run's elements are all cache hits), runs a dynamic node that
# builds one evaluation per model found at run time (twice: the second run runs no task at
# all), runs a workflow body written as plain Swift (the product video: its calls run as soon
# as their inputs exist; examples/swift's video-demo serves its tasks), runs a workflow that pauses
# for an approval and approves it, shows a service answering a client with no Swift in it
# (protoc | nngcat), and stops.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(swift build --show-bin-path)
sluice="$bin/sluice"
data=${SLUICE_DEMO_DIR:-.sluice/demo}
rm -rf "$data"
# sluice up makes the deployment's tokens in its data directory; the commands below, and the
# video demo's worker and client, find theirs there.
export SLUICE_DATA_DIR="$data"
unset SLUICE_TOKEN SLUICE_TOKEN_FILE

say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
stop() { "$sluice" down --data-dir "$data" >/dev/null 2>&1 || true; }
trap stop EXIT

say sluice up --detach --data-dir "$data"
"$sluice" up --detach --data-dir "$data"

say sluice register examples/demo.yaml examples/chain.yaml examples/subworkflow.yaml examples/approval.yaml examples/map.yaml examples/model-search.yaml
"$sluice" register examples/demo.yaml examples/chain.yaml examples/subworkflow.yaml examples/approval.yaml examples/map.yaml examples/model-search.yaml

say sluice run demo -i n=10 --wait
"$sluice" run demo -i n=10 --wait | tee "$data/run.out"
execution=$(grep -oE 'ex-[a-z0-9]+' "$data/run.out" | head -1)

say sluice status "$execution"
"$sluice" status "$execution"

say "sluice run demo -i n=10 --wait    # again: the cacheable tasks reuse the first run's outputs"
"$sluice" run demo -i n=10 --wait | tee "$data/rerun.out"
rerun=$(grep -oE 'ex-[a-z0-9]+' "$data/rerun.out" | head -1)

say sluice cache inspect "$rerun"
"$sluice" cache inspect "$rerun"

say sluice cache stats
"$sluice" cache stats

say "sluice run thumbnails -i video=talk.mp4 -i count=40 --wait    # a map: one thumbnail per chapter, four at a time"
"$sluice" run thumbnails -i video=talk.mp4 -i count=40 --wait

say "sluice run thumbnails -i video=talk.mp4 -i count=40 --wait    # again: every element is a cache hit"
"$sluice" run thumbnails -i video=talk.mp4 -i count=40 --wait | tee "$data/map.out"
mapped=$(grep -oE 'ex-[a-z0-9]+' "$data/map.out" | head -1)

say sluice status "$mapped"
"$sluice" status "$mapped"

say sluice cache inspect "$mapped"
"$sluice" cache inspect "$mapped"

say "sluice run model-search -i largest=7 --wait    # a dynamic node: one evaluation per model found at run time"
"$sluice" run model-search -i largest=7 --wait | tee "$data/search.out"
search=$(grep -oE 'ex-[a-z0-9]+' "$data/search.out" | head -1)

say sluice status "$search"
"$sluice" status "$search"

say "sluice run model-search -i largest=7 --wait    # again: the subgraph and every evaluation come from the cache"
"$sluice" run model-search -i largest=7 --wait | tee "$data/research.out"
researched=$(grep -oE 'ex-[a-z0-9]+' "$data/research.out" | head -1)

say sluice cache inspect "$researched"
"$sluice" cache inspect "$researched"

say "video-demo    # a workflow body in plain Swift: each call runs as soon as its inputs exist"
"$bin/video-demo" 2>/dev/null | tee "$data/video.out"
video=$(grep -oE 'ex-[a-z0-9]+' "$data/video.out" | head -1)

say sluice status "$video"
"$sluice" status "$video"

say sluice graph "$video" --format mermaid
"$sluice" graph "$video" --format mermaid

say "sluice run approval -i base=41    # pauses at the approve gate \"ship\""
"$sluice" run approval -i base=41 | tee "$data/approval.out"
approval=$(grep -oE 'ex-[a-z0-9]+' "$data/approval.out" | head -1)
for _ in $(seq 100); do
  "$sluice" signals --pending --output json | grep -q "$approval" && break
  sleep 0.1
done

say sluice status "$approval"
"$sluice" status "$approval"

say sluice signals --pending
"$sluice" signals --pending

say "sluice approve $approval ship --as demo --comment 'looks good'"
"$sluice" approve "$approval" ship --as demo --comment "looks good"

say sluice watch "$approval"
"$sluice" watch "$approval"

say sluice executions
"$sluice" executions

say "echo 'header { token: \"…\" } get_execution { execution_id: \"$execution\" }' | protoc --encode=sluice.v1.AdminRequest ... | nngcat --req --dial tcp://127.0.0.1:7100 ... | protoc --decode=sluice.v1.AdminResponse ... | grep phase"
protos=(-Iproto -I/usr/include proto/sluice/v1/*.proto)
echo "header { protocol_version: 1 request_id: \"demo-1\" token: \"$(cat "$data/credentials/cli.token")\" } get_execution { execution_id: \"$execution\" }" \
  | protoc --encode=sluice.v1.AdminRequest "${protos[@]}" \
  | nngcat --req --dial tcp://127.0.0.1:7100 --file - --raw --recv-timeout 5 \
  | protoc --decode=sluice.v1.AdminResponse "${protos[@]}" | grep -E "^\s+phase:"

say sluice down --data-dir "$data"
"$sluice" down --data-dir "$data"
trap - EXIT

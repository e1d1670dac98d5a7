#!/usr/bin/env bash
# `make fuzz`: builds the fuzz targets in Fuzz/ with libFuzzer and AddressSanitizer (Swift's
# -sanitize=fuzzer,address; the generated protobuf-c code instrumented too) and runs each for
# FUZZ_SECONDS (default 60), starting from its committed corpus, Fuzz/Corpus/<target>.
#
# What a run finds goes to .build-fuzz/: new inputs to corpus/<target>/, and an input that
# crashes a target, or breaks one of its invariants, to crashes/<target>/, which fails the run.
# Fix the bug and commit that input under Fuzz/Corpus/<target>/: FuzzCorpusTests (make test)
# replays every committed input from then on.
set -euo pipefail
# libFuzzer reports a crash itself; Swift's backtracer would only get in its way under ASan.
export SWIFT_BACKTRACE=enable=no
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-60}
targets=(wire workflow-yaml json literal-text shell-outputs)
# lld: gold stops with an internal error linking them.
flags=(--package-path Fuzz -c release
       -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
       -Xcc -fsanitize=fuzzer-no-link,address -Xswiftc -use-ld=lld)

for target in "${targets[@]}"; do
  swift build "${flags[@]}" --product "fuzz-$target"
done
bin=$(swift build "${flags[@]}" --show-bin-path)

work=.build-fuzz
failed=()
for target in "${targets[@]}"; do
  mkdir -p "$work/corpus/$target" "$work/crashes/$target"
  echo "fuzz: $target for ${seconds}s"
  # New inputs go to the first folder; the committed corpus is only read.
  if ! "$bin/fuzz-$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$work/crashes/$target/" -print_final_stats=1 \
      "$work/corpus/$target" "Fuzz/Corpus/$target" >"$work/$target.log" 2>&1; then
    failed+=("$target")
    tail -40 "$work/$target.log" >&2
  fi
  # libFuzzer's closing lines: runs, new inputs found, memory.
  grep -E "^Done [0-9]+ runs|stat::new_units_added|stat::peak_rss_mb" "$work/$target.log" | sed "s/^/fuzz: $target: /" || true
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]}; the inputs are in $work/crashes/" >&2
  exit 1
fi
echo "fuzz: every target ran ${seconds}s without a crash"

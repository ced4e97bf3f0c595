#!/usr/bin/env bash
# Fuzzes the readers of untrusted files (tests/fuzz): builds the libFuzzer targets with clang in
# build-fuzz, then runs each for SECONDS (default 60) from its seed corpus.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     targets: csv jsonl safetensors hfconfig sentencepiece project
#                                              modelfolder tokenizerjson
#
# The seed corpus (tests/fuzz/corpus/<target>) is only read; inputs that reach new code go to
# build-fuzz/corpus/<target>, so later runs start where earlier ones stopped. A crash, hang, leak,
# memory blow-up or sanitizer report is saved in build-fuzz/findings/<target>/ (replay it with
# build-fuzz/fuzz/fuzz_<target> FILE) and makes the script exit non-zero. Logs: build-fuzz/logs.
#
# Environment: GLOSSA_FUZZ_JOBS (targets run at once, default 1), GLOSSA_FUZZ_BUILD_DIR,
# GLOSSA_FUZZ_CC / GLOSSA_FUZZ_CXX (default clang-16: clang 14 lacks C++20 parenthesised
# aggregate initialisation, which core uses).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${GLOSSA_FUZZ_BUILD_DIR:-$root/build-fuzz}"
seconds="${1:-60}"
if [ $# -gt 0 ]; then shift; fi
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(csv jsonl safetensors hfconfig sentencepiece project modelfolder tokenizerjson)
jobs="${GLOSSA_FUZZ_JOBS:-1}"

# Inputs longer than the largest seed teach little and slow every mutation down.
declare -A max_len=([csv]=8192 [jsonl]=8192 [safetensors]=4096 [hfconfig]=4096 [sentencepiece]=16384
                    [project]=131072 [modelfolder]=4096 [tokenizerjson]=16384)

# -O1 with line tables only, as libFuzzer's and OSS-Fuzz's builds: reports keep file and line,
# and the build took 6-30% less per file than RelWithDebInfo's -O2 -g.
if [ ! -f "$build/build.ninja" ]; then
  CC="${GLOSSA_FUZZ_CC:-clang-16}" CXX="${GLOSSA_FUZZ_CXX:-clang++-16}" \
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGLOSSA_FUZZ=ON \
    -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only -DNDEBUG" \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only -DNDEBUG" \
    -DGLOSSA_BUILD_GUI=OFF -DGLOSSA_BUILD_TESTS=OFF -DGLOSSA_BUILD_BENCH=OFF >/dev/null
fi
fuzzers=()
for target in "${targets[@]}"; do
  [ -n "${max_len[$target]:-}" ] || { echo "fuzz.sh: unknown target '$target'" >&2; exit 2; }
  fuzzers+=("fuzz_$target")
done
cmake --build "$build" --parallel "$(nproc)" --target "${fuzzers[@]}" -- --quiet

# Sanitizer reports with function names and lines; any report ends the input as a finding.
symbolizer="$(command -v llvm-symbolizer-16 llvm-symbolizer || true)"
export ASAN_SYMBOLIZER_PATH="${symbolizer%%$'\n'*}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_stack_use_after_return=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

run_target() {
  local target="$1" corpus="$build/corpus/$1" findings="$build/findings/$1" log="$build/logs/$1.log"
  mkdir -p "$corpus" "$findings" "$build/logs"
  local started=$SECONDS status=0 dict=()
  [ -f "$root/tests/fuzz/$target.dict" ] && dict=(-dict="$root/tests/fuzz/$target.dict")
  # The working corpus comes first: libFuzzer writes new inputs only into the first folder.
  # The outer timeout is a backstop; -max_total_time ends the run, -timeout a hanging input.
  # In a subshell that outlives the fuzzer, so the note that it was killed by a signal goes to
  # the log, not the summary.
  (timeout --kill-after=30 $((seconds + 300)) "$build/fuzz/fuzz_$target" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="${max_len[$target]}" \
    -artifact_prefix="$findings/" -print_final_stats=1 "${dict[@]}" \
    "$corpus" "$root/tests/fuzz/corpus/$target"; exit $?) >"$log" 2>&1 || status=$?
  local elapsed=$((SECONDS - started))
  local runs cov ft corpus_size new found
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  new="$(sed -n 's/^stat::new_units_added: *//p' "$log" | tail -1)"
  cov="$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)"
  ft="$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)"
  corpus_size="$(grep -oE 'corp: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)"
  found="$(find "$findings" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) \
    -newer "$log.start" | wc -l)"
  local verdict="no findings"
  if [ "$found" -gt 0 ] || [ "$status" -ne 0 ]; then
    verdict="FINDING (exit $status): $(grep -m1 -E 'ERROR: |runtime error|terminate called|ABORTING' "$log" \
      | cut -c1-120) -> $findings (log $log)"
  fi
  printf '%-13s %9s runs in %4d s  cov %5s  ft %6s  corpus %5s (+%s new)  %s\n' \
    "$target" "${runs:-?}" "$elapsed" "${cov:-?}" "${ft:-?}" "${corpus_size:-?}" "${new:-0}" "$verdict" \
    | tee "$build/logs/$target.summary"
  [ "$verdict" = "no findings" ]
}

failed=0
running=0
for target in "${targets[@]}"; do
  mkdir -p "$build/logs"
  touch "$build/logs/$target.log.start"
  run_target "$target" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || failed=1
    running=$((running - 1))
  fi
done
while [ "$running" -gt 0 ]; do
  wait -n || failed=1
  running=$((running - 1))
done
if [ "$failed" -ne 0 ]; then
  echo "fuzz.sh: at least one target found a problem; reproducers are in $build/findings" >&2
  exit 1
fi

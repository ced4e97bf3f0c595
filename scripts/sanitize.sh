#!/usr/bin/env bash
# Builds Glossa with sanitizers and runs tests under them; exits non-zero on a failed test or on
# any sanitizer report (from a test or from a glossa-cli child it started).
#
#   scripts/sanitize.sh [address|address-core|thread|all] [CTEST ARGS...]      default: all
#
# address: a Debug build with AddressSanitizer + UndefinedBehaviorSanitizer (+ LeakSanitizer) in
#          build-asan/, and the whole ctest suite.
# address-core: the same for glossa_core alone (no LibTorch, no Qt Widgets): its tests
#          (tests/core) and the fuzz corpus replays; the part that fits in CI next to the rest.
# thread:  a Debug build with ThreadSanitizer in build-tsan/, and the tests that run the session's
#          threads, the training child and the trainer (see tsan_tests below).
#
# They configure with -DGLOSSA_SANITIZE=address|thread (the top CMakeLists.txt). Reports go to
# <build>/sanitizer-logs/ (one file per process that reported, children included), are printed
# at the end, and fail the run. Suppressions live in scripts/sanitizers/*.supp, one reason per
# entry. Debian's LibTorch, Qt and SentencePiece are not instrumented: ASan still checks every
# access our code makes, but TSan cannot see synchronisation inside them (see tsan.supp).
#
# Environment: GLOSSA_ASAN_BUILD_DIR, GLOSSA_TSAN_BUILD_DIR (build folders), GLOSSA_SANITIZE_JOBS
# (compile jobs, default nproc), GLOSSA_SANITIZE_TIMEOUT (seconds per test, default 1800).
#
# Timings, measured on the 2-core machine of PLATFORM.md while other agents built, ran clang-tidy
# and tested on it (load average 4-10), this script at nice 19: wall times are 2-5 times what an
# idle machine needs; CPU seconds (user + sys) are the steadier figure.
#   address-core (2026-12-06): build (glossa_core, the bridge, the core tests, 7 replays) about
#                 340 CPU s, so about 3 min idle; tests 145 s wall under load 9-10 (Release: 19 s),
#                 36 CPU s (Release: 9). Ran clean. test.sh runs this by default.
#   address (2026-12-06, run whole from a clean build-asan): build 1650-1860 CPU s (36.8 min wall
#                 at load 5-7; 77 min at load 7 beside the thread build), so about 15 min idle;
#                 47 tests 931 CPU s, 16.5 min wall at load 5-9 (tst_runartefacts and tst_trainer
#                 4-9 min each), so about 8-10 min idle. About 25 min idle in all: with CI's Release
#                 build (10 min) and tests (3 min) that is 38 of its 40 minutes with no margin,
#                 and more than 50 under the load measured here, so CI keeps address-core.
#                 No ASan, UBSan or LeakSanitizer report; nothing in lsan.supp or ubsan.supp.
#   thread (2026-12-06): build of the eight tests 1089 CPU s (53 min wall beside the address
#                 build at load 8), about 9 min idle; tests 450 CPU s, 5.2 min wall at load 3-5
#                 (tst_trainer 292 s, tst_training 154 s, tst_concurrency 2.7 s). Ran clean with
#                 tsan.supp. Not in CI by default either.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mode="${1:-all}"
if [ $# -gt 0 ]; then shift; fi
case "$mode" in
  address | address-core | thread | all) ;;
  *) echo "usage: scripts/sanitize.sh [address|address-core|thread|all] [CTEST ARGS...]" >&2; exit 2 ;;
esac
jobs="${GLOSSA_SANITIZE_JOBS:-$(nproc)}"
test_timeout="${GLOSSA_SANITIZE_TIMEOUT:-1800}"
supp="$root/scripts/sanitizers"

# The tests that exercise threads: the session's workers and the training child (ui), the
# trainer's pause/stop across threads and the training job (torch), core's concurrent readers.
tsan_tests=(tst_training tst_databrowser tst_mainwindow tst_erroranalysis tst_evaluate
            tst_trainer tst_trainingjob tst_concurrency)
# address-core: every tests/core test and the fuzz replays.
core_tests=($(cd "$root/tests/core" && ls tst_*.cpp | sed 's/\.cpp$//')
            fuzz_replay_csv fuzz_replay_jsonl fuzz_replay_safetensors fuzz_replay_hfconfig
            fuzz_replay_sentencepiece fuzz_replay_project fuzz_replay_modelfolder fuzz_replay_tokenizerjson)

source "$root/scripts/bootstrap.sh"
glossa_install_packages

configure() { # build-dir sanitizer
  if [ ! -f "$1/build.ninja" ]; then
    cmake -S "$root" -B "$1" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DGLOSSA_SANITIZE="$2" \
      -DGLOSSA_BUILD_BENCH=OFF -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
  fi
}

# The UDHR test data: copied from the main build when it has it, else fetched (bootstrap.sh).
test_data() { # build-dir
  local main="$GLOSSA_BUILD/testdata/udhr-17.jsonl"
  if [ ! -f "$1/testdata/udhr-17.jsonl" ] && [ -f "$main" ]; then
    mkdir -p "$1/testdata" && cp "$main" "$1/testdata/"
  fi
  GLOSSA_BUILD="$1" glossa_test_data
}

# The bridge is dlopen'ed with RTLD_DEEPBIND past the sanitizer's interceptor
# (core/text/sentencepiecebridge.cpp); that is only sound while the sanitizer runtime is the
# bridge's first dependency, so that its malloc comes before libc's in the bridge's scope.
check_bridge() { # build-dir runtime
  local first
  first="$(readelf -d "$1/lib/glossa/libglossa_spm_bridge.so" | awk '/NEEDED/ {print $NF; exit}')"
  case "$first" in
    "[$2"*) ;;
    *) echo "sanitize.sh: the bridge's first dependency is $first, not $2; see sentencepiecebridge.cpp" >&2
       exit 1 ;;
  esac
}

# Prints the reports in the log folder; returns non-zero when there are any.
reports() { # log-dir name
  local logs=("$1"/*)
  [ -e "${logs[0]}" ] || return 0
  echo "sanitize.sh: $2 reports in ${#logs[@]} process(es), in $1:" >&2
  for log in "${logs[@]}"; do
    echo "---- $log" >&2
    head -n 80 "$log" >&2
  done
  return 1
}

status=0

run_address() { # all|core ctest-args...
  local scope="$1" build="${GLOSSA_ASAN_BUILD_DIR:-$root/build-asan}" started=$SECONDS
  shift
  local targets=() select=()
  if [ "$scope" = core ]; then
    targets=(--target "${core_tests[@]}")
    select=(-R "^($(IFS='|'; echo "${core_tests[*]}"))\$")
  fi
  configure "$build" address
  cmake --build "$build" --parallel "$jobs" "${targets[@]}" -- --quiet
  check_bridge "$build" libasan
  test_data "$build"
  local built=$SECONDS logs="$build/sanitizer-logs"
  rm -rf "$logs" && mkdir -p "$logs"
  # detect_leaks: LeakSanitizer works here (ptrace is allowed); lsan.supp names what LibTorch and
  # Qt keep until exit. allocator_may_return_null: a malloc too large fails as it would without
  # the sanitizer (the bounded readers test that), though a throwing new still ends the process.
  local status_here=0
  (cd "$build" &&
    ASAN_OPTIONS="log_path=$logs/asan:halt_on_error=1:detect_leaks=1:allocator_may_return_null=1:check_initialization_order=1:${ASAN_OPTIONS:-}" \
    UBSAN_OPTIONS="log_path=$logs/ubsan:halt_on_error=1:print_stacktrace=1:suppressions=$supp/ubsan.supp:${UBSAN_OPTIONS:-}" \
    LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0:${LSAN_OPTIONS:-}" \
    QTEST_FUNCTION_TIMEOUT=$((test_timeout * 1000)) \
    ctest --output-on-failure --parallel "$(nproc)" --timeout "$test_timeout" "${select[@]}" "$@") || status_here=1
  reports "$logs" AddressSanitizer/UBSan/LeakSanitizer || status_here=1
  echo "sanitize.sh: address ($scope): build $((built - started)) s, tests $((SECONDS - built)) s" >&2
  return $status_here
}

run_thread() {
  local build="${GLOSSA_TSAN_BUILD_DIR:-$root/build-tsan}" started=$SECONDS
  configure "$build" thread
  cmake --build "$build" --parallel "$jobs" --target "${tsan_tests[@]}" -- --quiet
  check_bridge "$build" libtsan
  test_data "$build"
  local built=$SECONDS logs="$build/sanitizer-logs"
  rm -rf "$logs" && mkdir -p "$logs"
  local pattern
  pattern="^($(IFS='|'; echo "${tsan_tests[*]}"))\$"
  local status_here=0
  # halt_on_error=0: one run shows every race; the process still exits 66 when it saw one.
  (cd "$build" &&
    TSAN_OPTIONS="log_path=$logs/tsan:die_after_fork=0:halt_on_error=0:exitcode=66:second_deadlock_stack=1:suppressions=$supp/tsan.supp:${TSAN_OPTIONS:-}" \
    QTEST_FUNCTION_TIMEOUT=$((test_timeout * 1000)) \
    ctest --output-on-failure --parallel "$(nproc)" --timeout "$test_timeout" -R "$pattern" "$@") || status_here=1
  reports "$logs" ThreadSanitizer || status_here=1
  echo "sanitize.sh: thread: build $((built - started)) s, tests $((SECONDS - built)) s" >&2
  return $status_here
}

if [ "$mode" = address ] || [ "$mode" = all ]; then
  run_address all "$@" || status=1
elif [ "$mode" = address-core ]; then
  run_address core "$@" || status=1
fi
if [ "$mode" = thread ] || [ "$mode" = all ]; then
  run_thread "$@" || status=1
fi
exit $status

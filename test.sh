#!/usr/bin/env bash
# Runs the whole Glossa test suite. Installs missing Debian packages and builds first; exits
# non-zero if anything fails. After ctest, fuzzes every reader of untrusted files briefly
# (scripts/fuzz.sh): GLOSSA_FUZZ_SECONDS per target, default 15; 0 skips it.
set -euo pipefail
source "$(dirname "$0")/scripts/bootstrap.sh"
glossa_install_packages
glossa_build
glossa_test_data
(cd "$GLOSSA_BUILD" && ctest --output-on-failure --parallel "$(nproc)" --timeout 600 "$@")
fuzz_seconds="${GLOSSA_FUZZ_SECONDS:-15}"
if [ "$fuzz_seconds" -gt 0 ]; then
  GLOSSA_FUZZ_JOBS="${GLOSSA_FUZZ_JOBS:-$(nproc)}" "$GLOSSA_ROOT/scripts/fuzz.sh" "$fuzz_seconds"
fi

#!/usr/bin/env bash
# Runs the whole Glossa test suite. Installs missing Debian packages and builds first; exits
# non-zero if anything fails.
set -euo pipefail
source "$(dirname "$0")/scripts/bootstrap.sh"
glossa_install_packages
glossa_build
glossa_test_data
cd "$GLOSSA_BUILD"
ctest --output-on-failure --parallel "$(nproc)" --timeout 600 "$@"

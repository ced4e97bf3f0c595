#!/usr/bin/env bash
# Runs the whole Glossa test suite. Installs missing Debian packages and builds first; exits
# non-zero if anything fails. After ctest, fuzzes every reader of untrusted files briefly
# (scripts/fuzz.sh): GLOSSA_FUZZ_SECONDS per target, default 15; 0 skips it.
# Then runs the sanitizer builds (scripts/sanitize.sh) that GLOSSA_SANITIZE_CI names, comma-
# separated: "address" (ASan + UBSan, the whole suite), "address-core" (the same for glossa_core's
# tests and the fuzz replays), "thread" (TSan, the threaded tests), or "none". The default,
# address-core (about 5 minutes), is what fits CI's 40 minutes on 2 cores next to the ~15 the rest
# takes, with a margin; the whole address or thread run would not (timings in scripts/sanitize.sh).
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
sanitizers="${GLOSSA_SANITIZE_CI:-address-core}"
status=0
for sanitizer in ${sanitizers//,/ }; do
  case "$sanitizer" in
    none) ;;
    address | address-core | thread) "$GLOSSA_ROOT/scripts/sanitize.sh" "$sanitizer" || status=1 ;;
    *) echo "test.sh: GLOSSA_SANITIZE_CI takes address, address-core, thread or none, not '$sanitizer'" >&2
       exit 2 ;;
  esac
done
exit $status

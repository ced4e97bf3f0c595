#!/usr/bin/env bash
# Refreshes translations/*.ts from the sources. Run after changing user-visible strings, then
# translate what lupdate marks unfinished (Qt Linguist, or by hand) and commit the .ts files.
set -euo pipefail
cd "$(dirname "$0")/.."
for ts in translations/glossa_*.ts; do
  # -I: headers are included by their path from the repository root (and core/); without them
  # lupdate cannot see the namespace of a member defined in a .cpp and loses its context.
  /usr/lib/qt6/bin/lupdate -locations none -no-obsolete -I . -I core ui app/glossa -ts "$ts"
done

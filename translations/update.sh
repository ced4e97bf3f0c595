#!/usr/bin/env bash
# Refreshes translations/*.ts from the sources. Run after changing user-visible strings, then
# translate what lupdate marks unfinished (Qt Linguist, or by hand) and commit the .ts files.
set -euo pipefail
cd "$(dirname "$0")/.."
for ts in translations/glossa_*.ts; do
  /usr/lib/qt6/bin/lupdate -locations none -no-obsolete ui app/glossa -ts "$ts"
done

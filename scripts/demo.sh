#!/usr/bin/env bash
# The main job on the bundled samples: set up, ingest samples/scans (OCR, metadata, index),
# then search the archive with and without diacritics. Data goes to $SOHOA_HOME
# (default: .sohoa-demo in this folder).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

export SOHOA_HOME="${SOHOA_HOME:-$PWD/.sohoa-demo}"
say() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }

say "Ingesting the sample scans into $SOHOA_HOME (stored by SHA-256, OCR on every core)"
.venv/bin/sohoa ingest samples/scans --batch "Lô mẫu"

say "Searching without diacritics: sohoa search \"quyet dinh\""
.venv/bin/sohoa search "quyet dinh" --limit 3

say "Searching a document number written loosely: sohoa search \"trich luc khai sinh\""
.venv/bin/sohoa search "trich luc khai sinh" --limit 2

say "Archive status: sohoa status"
.venv/bin/sohoa status

cat <<MSG

Done. Try your own searches:
  export SOHOA_HOME="$SOHOA_HOME"
  .venv/bin/sohoa search "nguyen van"            # names, with or without diacritics
  .venv/bin/sohoa search "15/QD-UBND" --json     # document numbers, CCCD, dossier codes
  .venv/bin/sohoa --help
MSG

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

# A number from the samples' ground truth, typed the way officers do: spaces, no diacritics, lower case.
NUMBER=$(.venv/bin/python -c 'import json; print(json.load(open("samples/truth/trich-luc-khai-sinh-fax.json"))["metadata"]["number"])')
LOOSE=$(.venv/bin/python -c 'import sys; from indexing.vietnamese import fold; print(fold(sys.argv[1]).replace("/", " / ").replace("-", " - "))' "$NUMBER")
say "Searching the document number $NUMBER typed loosely: sohoa search \"$LOOSE\""
.venv/bin/sohoa search "$LOOSE" --limit 2

say "Archive status: sohoa status"
.venv/bin/sohoa status

cat <<MSG

Done. Try your own searches:
  export SOHOA_HOME="$SOHOA_HOME"
  .venv/bin/sohoa search "nguyen van"            # names, with or without diacritics
  .venv/bin/sohoa search "15/QD-UBND" --json     # document numbers, CCCD, dossier codes
  .venv/bin/sohoa --help
MSG

#!/usr/bin/env bash
# Builds the set of real documents (samples/real): published results of a province, fetched at a
# pinned commit and checked against their Git blob hashes, with the metadata a clerk would record.
#   bash scripts/real-corpus.sh --out /tmp/real                       # downloads them (GitHub)
#   bash scripts/real-corpus.sh --out /tmp/real --mirror CLONE.git    # from a clone, offline
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/packages.sh
ensure_packages poppler-utils
[ -x .venv/bin/python ] || bash scripts/setup.sh
exec .venv/bin/python -m samples.real.build "$@"

#!/usr/bin/env bash
# Builds the independent evaluation corpus (samples/independent) in its own environment,
# .venv-corpus: Augraphy 8.2.6 with its numba/scikit stack and Playwright, kept out of sohoa's
# .venv (Augraphy asks for the GUI build of OpenCV; here it gets the headless one).
#   bash scripts/independent-corpus.sh --out /tmp/independent --count 64 --seed 1
#   bash scripts/independent-corpus.sh --slice        # rebuild the committed slice
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1;34m==> %s\033[0m\n' "$*" >&2; }

source scripts/packages.sh
ensure_packages chromium poppler-utils fonts-dejavu-core fonts-noto-core fonts-croscore fonts-liberation2
want="augraphy-8.2.6"
if [ ! -f .venv-corpus/.installed ] || [ "$(cat .venv-corpus/.installed)" != "$want" ]; then
  say "Creating .venv-corpus (Augraphy, Playwright; a minute the first time)"
  python3 -m venv .venv-corpus
  .venv-corpus/bin/python -m pip install -q --upgrade pip
  # Augraphy without its opencv-python requirement: the headless build serves it and needs no libGL.
  .venv-corpus/bin/python -m pip install -q --no-deps "augraphy==8.2.6"
  .venv-corpus/bin/python -m pip install -q "numba>=0.57" "scikit-image>=0.18" "scikit-learn>=1.0" "scipy>=1.6" \
    "matplotlib>=3.4" requests opencv-python-headless pillow numpy "playwright>=1.45"
  echo "$want" > .venv-corpus/.installed
fi
exec .venv-corpus/bin/python -m samples.independent.build "$@"

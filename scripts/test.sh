#!/usr/bin/env bash
# Sets up (system packages, .venv with dev dependencies) and runs the whole test suite, slow
# end-to-end tests included. Extra arguments go to pytest (e.g. -k search, -m "not slow").
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
printf '\n\033[1;34m==> Running the test suite (pytest)\033[0m\n'
exec .venv/bin/python -m pytest "$@"

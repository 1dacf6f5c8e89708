#!/usr/bin/env bash
# Installs everything sohoa needs on Debian 12: system packages (Tesseract with Vietnamese,
# poppler, fonts), a virtual environment in .venv, and sohoa itself. Safe to run again: it
# skips what is already there. Usage: bash scripts/setup.sh [--dev]
# --dev adds what the tests need: test libraries, Chromium, PostgreSQL, an Elasticsearch node and
# SeaweedFS (both cached outside the repository, see scripts/elasticsearch.sh and scripts/s3.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

DEV=0
[ "${1:-}" = "--dev" ] && DEV=1

say() { printf '\033[1;34m==> %s\033[0m\n' "$*"; }

SYSTEM_PACKAGES=(
  tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd tesseract-ocr-eng  # OCR engine; Vietnamese, orientation and (a table's figures) English models
  poppler-utils                                        # pdfinfo, pdftoppm, pdftotext, pdfunite
  fonts-liberation2 fonts-dejavu-core fonts-noto-core  # Times-compatible fonts for the sample generator
  python3 python3-venv python3-pip
)
# Only for the test suite: the browser the web app's Playwright tests drive; curl to wait for the
# test Elasticsearch node; PostgreSQL for the catalog's tests on a real server (scripts/postgres.sh).
[ $DEV -eq 1 ] && SYSTEM_PACKAGES+=(chromium curl postgresql)

source scripts/packages.sh
ensure_packages "${SYSTEM_PACKAGES[@]}"

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  say "Creating the virtual environment .venv ($($PYTHON --version))"
  $PYTHON -m venv .venv
fi

extras=""
stamp=".venv/.sohoa-installed"
if [ $DEV -eq 1 ]; then
  extras="[dev]"
  stamp=".venv/.sohoa-installed-dev"
fi
# pyvi for its Vietnamese word list only and vn-fullname-generator for its names only
# (ocr/language.py; MIT licences): without their dependencies (pyvi's: scikit-learn and a CRF
# library its models need and sohoa never loads).
WORD_LISTS=("pyvi==0.1.1" "vn-fullname-generator==0.0.2")
# The national list of administrative units (the General Statistics Office's, as packaged by
# vietnam-provinces) in three editions, for their data files only, each in its own folder (one
# package, three versions): February 2021, January 2025 (three levels), October 2025 (two levels,
# after the July 2025 reorganisation). indexing/places.py spells agencies' units by it.
UNIT_LISTS=("0.3.0" "0.6.0" "2025.10.1")
UNIT_DIR=.venv/share/sohoa/administrative-units
want="$( (cat pyproject.toml; echo "${WORD_LISTS[*]} ${UNIT_LISTS[*]}") | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  say "Installing sohoa and its Python dependencies into .venv (a few minutes the first time)"
  # uv resolves and installs the same versions as pip in a sixth of the time (fresh .venv: 12 s
  # against 74 s on these machines); pip does it when uv cannot be had.
  # Compiled to bytecode here, once: where PYTHONDONTWRITEBYTECODE is set (as on these machines)
  # Python never writes it, and every command would compile Prefect and its kin again on start
  # (`import prefect, flows`: 7.1 s uncompiled, 3.3 s compiled; pip compiles by default).
  if .venv/bin/python -m pip install -q uv >/dev/null 2>&1; then
    .venv/bin/uv pip install -q --compile-bytecode --python .venv/bin/python -e ".${extras}"
    .venv/bin/uv pip install -q --python .venv/bin/python --no-deps "${WORD_LISTS[@]}"
  else
    .venv/bin/python -m pip install -q --upgrade pip >/dev/null
    .venv/bin/python -m pip install -q -e ".${extras}"
    .venv/bin/python -m pip install -q --no-deps "${WORD_LISTS[@]}"
  fi
  for edition in "${UNIT_LISTS[@]}"; do
    rm -rf "$UNIT_DIR/$edition"
    .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --no-compile \
      --target "$UNIT_DIR/$edition" "vietnam-provinces==$edition"
  done
  echo "$want" > "$stamp"
else
  say "Python dependencies up to date"
fi
# sohoa's own modules too (they change between runs: done every time, in about a second).
.venv/bin/python -m compileall -q pipeline ocr indexing search_ui samples flows.py >/dev/null
# Only for the test suite: a real Elasticsearch node (Elastic's test distribution, from Maven Central).
[ $DEV -eq 1 ] && bash scripts/elasticsearch.sh install
# ... and a real S3-compatible server (SeaweedFS, built from the Go module proxy once, cached).
[ $DEV -eq 1 ] && bash scripts/s3.sh install
say "Ready: $(.venv/bin/sohoa --version), $(tesseract --version 2>&1 | head -1)"

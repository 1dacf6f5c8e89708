#!/usr/bin/env bash
# Sets up (system packages, .venv with dev dependencies, the test Elasticsearch node), checks lint
# and types (ruff, mypy: a finding fails the run), and runs the whole test suite, slow end-to-end
# tests included, against a real Elasticsearch node, PostgreSQL server and S3-compatible server started here
# and stopped at the end. The suite runs twice: with the embedded SQLite catalog, then with every
# archive's catalog and web store on the PostgreSQL server (SOHOA_TEST_CATALOG=postgresql; tests of
# the SQLite file itself, and those that run on PostgreSQL already, are skipped there).
# `--catalog sqlite` or `--catalog postgresql` first: that pass only. Extra arguments go to pytest
# (e.g. -k search, -m "not slow"); SOHOA_TEST_WORKERS=1 runs the tests one by one.
set -euo pipefail
cd "$(dirname "$0")/.."
catalogs="sqlite postgresql"
if [[ "${1:-}" == "--catalog" ]]; then
  catalogs="$2"
  shift 2
fi
bash scripts/setup.sh --dev

printf '\n\033[1;34m==> Lint and types (ruff, mypy)\033[0m\n'
.venv/bin/ruff check .
# mypy's cache lives with the tools (a clean clone checks in ~2 s what takes ~65 s cold: files are
# matched by content, so a new checkout of the same code is not checked again).
source scripts/packages.sh
.venv/bin/mypy --cache-dir "$(tools_cache)/mypy"
printf '(set-up, lint and types: %d s)\n' "$SECONDS"

# The node starts in the background while pytest collects; the tests that need it wait for it.
bash scripts/elasticsearch.sh start
# A PostgreSQL server of its own for the catalog's tests on both engines (never the system's cluster).
bash scripts/postgres.sh start
# An S3-compatible server (SeaweedFS, built once into the tools cache) for the object-storage tests.
bash scripts/s3.sh start
# veraPDF, the PDF/A validator the signed-copy tests run (fetched once into the tools cache).
bash scripts/verapdf.sh install
export SOHOA_TEST_VERAPDF=$PWD/scripts/verapdf.sh SOHOA_TEST_REQUIRE_VERAPDF=1
trap 'bash scripts/elasticsearch.sh stop & bash scripts/postgres.sh stop & bash scripts/s3.sh stop & wait' EXIT
SOHOA_TEST_PG_URL=$(bash scripts/postgres.sh url)
export SOHOA_TEST_PG_URL SOHOA_TEST_REQUIRE_PG=1
eval "$(bash scripts/s3.sh env | sed 's/^SOHOA_S3_ENDPOINT_URL=/SOHOA_TEST_S3_ENDPOINT=/; s/^/export /')"
export SOHOA_TEST_REQUIRE_S3=1
bash scripts/s3.sh wait
SOHOA_TEST_ES_URL=$(bash scripts/elasticsearch.sh url)
SOHOA_TEST_ES_PIDFILE=$(bash scripts/elasticsearch.sh pidfile)
# A run in which the Elasticsearch tests are skipped is a failed run.
export SOHOA_TEST_ES_URL SOHOA_TEST_ES_PIDFILE SOHOA_TEST_REQUIRE_ES=1

for catalog in $catalogs; do
  printf '\n\033[1;34m==> Running the test suite: catalog on %s (pytest; Elasticsearch at %s)\033[0m\n' \
    "$catalog" "$SOHOA_TEST_ES_URL"
  # Two workers (pytest-xdist): one runs OCR while the other waits on servers and child processes.
  # tests/conftest.py keeps a module's tests together, and the Elasticsearch tests on one worker.
  # The slowest tests are listed at the end of each pass: where the suite's time goes.
  SOHOA_TEST_CATALOG=$catalog .venv/bin/python -m pytest -n "${SOHOA_TEST_WORKERS:-2}" --dist loadgroup --durations=15 "$@"
done

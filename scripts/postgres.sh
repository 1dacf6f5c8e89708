#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test suite and for trying sohoa's PostgreSQL catalog on one
# machine: its own cluster in a temporary directory, on 127.0.0.1 only, never the system's cluster.
# A province points SOHOA_DATABASE_URL at its own server instead.
#
#   bash scripts/postgres.sh start   initialise a cluster (first time) and start it in the background
#   bash scripts/postgres.sh wait    wait until it accepts connections
#   bash scripts/postgres.sh stop    stop it and delete its data
#   bash scripts/postgres.sh url     print a SQLAlchemy URL of its database (sohoa_test)
#
# Uses Debian's postgresql package (installed by scripts/setup.sh --dev). PostgreSQL refuses to run
# as root: as root, the cluster runs as the system user postgres.
# Settings (environment): SOHOA_TEST_PG_PORT (5450), SOHOA_TEST_PG_RUN (/tmp/sohoa-pg-$PORT).
set -euo pipefail

PORT=${SOHOA_TEST_PG_PORT:-5450}
RUN_DIR=${SOHOA_TEST_PG_RUN:-/tmp/sohoa-pg-$PORT}
DATABASE=sohoa_test

say() { printf '\033[1;34m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[1;31msohoa: %s\033[0m\n' "$*" >&2; exit 1; }

bin_dir() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$found" ] && [ -x "$found/initdb" ] || die "PostgreSQL is not installed (bash scripts/setup.sh --dev installs Debian's postgresql)"
  echo "$found"
}

# Run a PostgreSQL tool as the cluster's owner.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

url() { echo "postgresql+psycopg://sohoa@127.0.0.1:$PORT/$DATABASE"; }

running() { [ -f "$RUN_DIR/data/postmaster.pid" ] && as_owner "$(bin_dir)/pg_ctl" -D "$RUN_DIR/data" status >/dev/null 2>&1; }

start() {
  local bin
  bin=$(bin_dir)
  if running; then
    say "PostgreSQL already running at $(url)"
    return 0
  fi
  if [ ! -f "$RUN_DIR/data/PG_VERSION" ]; then
    rm -rf "$RUN_DIR"
    mkdir -p "$RUN_DIR"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$RUN_DIR"
    # Trust on 127.0.0.1 only: a test server with no secret to leak, reachable from this machine alone.
    as_owner "$bin/initdb" -D "$RUN_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  as_owner "$bin/pg_ctl" -D "$RUN_DIR/data" -l "$RUN_DIR/log" -w -t 60 \
    -o "-p $PORT -k $RUN_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=64MB" start >/dev/null
  as_owner "$bin/psql" -h 127.0.0.1 -p "$PORT" -U postgres -q -v ON_ERROR_STOP=1 -d postgres >/dev/null <<SQL
SELECT 'CREATE ROLE sohoa LOGIN CREATEDB' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sohoa')\gexec
SELECT 'CREATE DATABASE $DATABASE OWNER sohoa' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$DATABASE')\gexec
SQL
  say "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') running at $(url)"
}

wait_ready() {
  local bin
  bin=$(bin_dir)
  for _ in $(seq 1 60); do
    as_owner "$bin/pg_isready" -h 127.0.0.1 -p "$PORT" -q && return 0
    sleep 1
  done
  die "PostgreSQL did not start on port $PORT (see $RUN_DIR/log)"
}

stop() {
  if running; then
    as_owner "$(bin_dir)/pg_ctl" -D "$RUN_DIR/data" -m fast -w stop >/dev/null || true
  fi
  rm -rf "$RUN_DIR"
}

case "${1:-}" in
  start) start ;;
  wait) wait_ready ;;
  stop) stop ;;
  url) url ;;
  *) die "usage: bash scripts/postgres.sh start|wait|stop|url" ;;
esac

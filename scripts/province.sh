#!/usr/bin/env bash
# A province on this machine, every part a real server: PostgreSQL (the catalog and the web store),
# SeaweedFS (S3: originals and page images), Elasticsearch (search), a Prefect server, two workers
# (`sohoa worker`, may-1 and may-2) and the web app sending its uploads to the work pool; the
# Prefect server keeps its state in PostgreSQL too (database prefect_province). Then the
# samples go in through the web API as a clerk would send them, and it prints where to look.
# Usage: bash scripts/province.sh [start|stop]
# Data and logs in $PROVINCE_HOME (default .sohoa-province); ports PROVINCE_PREFECT_PORT (4210),
# PROVINCE_WEB_PORT (8010). `stop` ends the workers, the web app, Prefect and the three servers.
# A demonstration province: the three servers are the test suite's (scripts/postgres.sh, s3.sh,
# elasticsearch.sh), whose data lives in /tmp and goes when they stop, so `stop` also removes
# $PROVINCE_HOME. A second start while they run keeps everything.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="${PROVINCE_HOME:-$PWD/.sohoa-province}"
PREFECT_PORT="${PROVINCE_PREFECT_PORT:-4210}"
WEB_PORT="${PROVINCE_WEB_PORT:-8010}"
RUN="$ROOT/run"
say() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }
die() { printf '\033[1;31mprovince: %s\033[0m\n' "$*" >&2; exit 1; }

stop_ours() {
  for pidfile in "$RUN"/*.pid; do
    [ -e "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null && say "Stopped $(basename "$pidfile" .pid) (pid $pid)"
    rm -f "$pidfile"
  done
}

if [ "${1:-start}" = "stop" ]; then
  stop_ours
  bash scripts/elasticsearch.sh stop || true
  bash scripts/postgres.sh stop || true
  bash scripts/s3.sh stop || true
  rm -rf "$ROOT"   # its catalog, bucket and index went with the servers: no stale cache or login left
  exit 0
fi
[ "${1:-start}" = "start" ] || die "usage: bash scripts/province.sh [start|stop]"

bash scripts/setup.sh --dev   # PostgreSQL, Elasticsearch and SeaweedFS come with the test tools
mkdir -p "$RUN"
stop_ours   # a second start replaces the province's own processes, never the data

say "PostgreSQL, SeaweedFS and Elasticsearch"
bash scripts/postgres.sh start
bash scripts/s3.sh start
bash scripts/elasticsearch.sh start
bash scripts/s3.sh wait
bash scripts/elasticsearch.sh wait
eval "$(bash scripts/s3.sh env | sed 's/^/export /')"
PG_URL=$(bash scripts/postgres.sh url)
export SOHOA_DATABASE_URL
SOHOA_DATABASE_URL=$(.venv/bin/python - "$PG_URL" <<'PY'
import sys
import sqlalchemy as sa
url = sa.make_url(sys.argv[1])
admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
with admin.connect() as connection:
    for name in ("sohoa_province", "prefect_province"):  # the catalog; the Prefect server's own database
        if not connection.exec_driver_sql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'").first():
            connection.exec_driver_sql(f"CREATE DATABASE {name}")
print(url.set(database="sohoa_province").render_as_string(hide_password=False))
PY
)
export SOHOA_STORAGE_URL="s3://$SOHOA_TEST_S3_BUCKET/province"
export SOHOA_ES_URL SOHOA_ES_INDEX_PREFIX=province SOHOA_ES_REPLICAS=0
SOHOA_ES_URL=$(bash scripts/elasticsearch.sh url)
export PREFECT_API_URL="http://127.0.0.1:$PREFECT_PORT/api"
export SOHOA_WORK_POOL=sohoa SOHOA_CHUNK_PAGES="${SOHOA_CHUNK_PAGES:-4}"  # small runs: both machines get some of the samples

start_bg() {  # name, SOHOA_HOME, command...: in the background, its log and pid in $ROOT
  local name=$1 home=$2
  shift 2
  mkdir -p "$home"
  SOHOA_HOME="$home" PREFECT_HOME="$home/prefect" nohup "$@" >"$ROOT/$name.log" 2>&1 &
  echo $! >"$RUN/$name.pid"
}
wait_http() {  # url, what, seconds
  for _ in $(seq "$3"); do
    curl -sf -o /dev/null "$1" && return 0
    sleep 1
  done
  die "$2 did not answer at $1 (log in $ROOT)"
}

say "The Prefect server (the province's UI of every run) on port $PREFECT_PORT"
if ! curl -sf -o /dev/null "$PREFECT_API_URL/health"; then
  # On PostgreSQL too, as a province's Prefect server would be (the single-machine default keeps SQLite).
  prefect_db="${SOHOA_DATABASE_URL%/*}/prefect_province"
  PREFECT_API_DATABASE_CONNECTION_URL="${prefect_db/postgresql+psycopg:/postgresql+asyncpg:}" \
    start_bg prefect "$ROOT/prefect-host" .venv/bin/sohoa prefect-server --port "$PREFECT_PORT"
fi
wait_http "$PREFECT_API_URL/health" "Prefect" 150

say "Two workers on the pool 'sohoa': may-1 and may-2 (one OCR process each)"
for name in may-1 may-2; do
  SOHOA_WORKER_NAME=$name SOHOA_WORKERS=1 start_bg "$name" "$ROOT/$name" .venv/bin/sohoa worker --limit 1
done

say "The web app on port $WEB_PORT (its uploads go to the pool)"
WEB_HOME="$ROOT/web"
mkdir -p "$WEB_HOME"
logins=()
for entry in "quantri:admin" "vanthu:clerk" "tracuu:officer"; do
  IFS=: read -r name role <<<"$entry"
  if SOHOA_HOME="$WEB_HOME" .venv/bin/sohoa users list --json | .venv/bin/python -c 'import json,sys; sys.exit(0 if sys.argv[1] in [u["username"] for u in json.load(sys.stdin)] else 1)' "$name"; then
    password=$(SOHOA_HOME="$WEB_HOME" .venv/bin/sohoa users passwd "$name" --generate-password 2>/dev/null)
  else
    password=$(SOHOA_HOME="$WEB_HOME" .venv/bin/sohoa users add "$name" --role "$role" --generate-password 2>/dev/null)
  fi
  logins+=("$(printf '  %-9s mật khẩu: %s (%s)' "$name" "$password" "$role")")
done
TOKEN=$(SOHOA_HOME="$WEB_HOME" .venv/bin/sohoa users token vanthu --label "province.sh" 2>/dev/null | tail -1)
start_bg web "$WEB_HOME" .venv/bin/sohoa serve --port "$WEB_PORT"
WEB="http://127.0.0.1:$WEB_PORT"
wait_http "$WEB/login" "the web app" 120

say "The samples through the web API (POST /api/uploads as the clerk vanthu)"
form=()
while IFS= read -r -d '' file; do
  form+=(-F "files=@$file" -F "paths=${file#samples/scans/}")
done < <(find samples/scans -type f -print0 | sort -z)
JOB=$(curl -sf -H "Authorization: Bearer $TOKEN" -F "batch=Lô mẫu tỉnh" "${form[@]}" "$WEB/api/uploads" |
  .venv/bin/python -c 'import json,sys; print(json.load(sys.stdin)["job_id"])')
printf 'job %s: the web app stores the originals in the bucket; may-1 and may-2 read the pages\n' "$JOB"
for _ in $(seq 600); do
  state=$(curl -sf -H "Authorization: Bearer $TOKEN" "$WEB/api/batches/$JOB" | .venv/bin/python -c 'import json,sys; print(json.load(sys.stdin)["job"]["state"])')
  [ "$state" = "done" ] || [ "$state" = "failed" ] && break
  sleep 2
done
[ "$state" = "done" ] || die "job $JOB ended $state: see $WEB/batches/$JOB and $ROOT/*.log"

say "Who read what: sohoa status (each machine's pages in the last hour)"
SOHOA_HOME="$WEB_HOME" .venv/bin/sohoa status --json | .venv/bin/python -c '
import json, sys
report = json.load(sys.stdin)
print("documents:", report["documents_by_state"])
for w in report["workers"]:
    print("  %s: %s pages, %s pages/min" % (w["worker"], w["pages_last_hour"], w["pages_per_minute"]))'
say "A search through the API: GET /api/search?q=quyet+dinh"
curl -sf -H "Authorization: Bearer $TOKEN" "$WEB/api/search?q=quyet+dinh&per_document=true&limit=3" |
  .venv/bin/python -c 'import json,sys; r=json.load(sys.stdin); print(r["total"], "hits:", [h["source"] for h in r["hits"]])'

cat <<MSG

  Web app:      $WEB/   (logins below)
$(printf '%s\n' "${logins[@]}")
  Prefect UI:   http://127.0.0.1:$PREFECT_PORT/   (pool "sohoa": workers may-1, may-2; one run per chunk)
  Logs:         $ROOT/*.log
  Same archive from the command line:
    export SOHOA_DATABASE_URL='$SOHOA_DATABASE_URL' SOHOA_STORAGE_URL='$SOHOA_STORAGE_URL' \\
      SOHOA_ES_URL='$SOHOA_ES_URL' SOHOA_ES_INDEX_PREFIX=province PREFECT_API_URL='$PREFECT_API_URL' SOHOA_WORK_POOL=sohoa
    eval "\$(bash scripts/s3.sh env | sed 's/^/export /')"; .venv/bin/sohoa status
  Stop everything: bash scripts/province.sh stop

MSG

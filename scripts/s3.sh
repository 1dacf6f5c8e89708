#!/usr/bin/env bash
# A real S3-compatible server for the test suite and for trying sohoa's object storage on one
# machine: SeaweedFS (Apache-2.0) in its single-process "mini" mode, on 127.0.0.1 only, with its
# data in a temporary directory. A province points SOHOA_STORAGE_URL / SOHOA_S3_ENDPOINT_URL at its
# own object store instead.
#
#   bash scripts/s3.sh install   build SeaweedFS's `weed` from the Go module proxy (cached; ~9 min of CPU)
#   bash scripts/s3.sh start     start it in the background (bucket sohoa-test, one access key)
#   bash scripts/s3.sh wait      wait until its S3 endpoint answers
#   bash scripts/s3.sh stop      stop it and delete its data
#   bash scripts/s3.sh env       print the settings for it (SOHOA_S3_ENDPOINT_URL, AWS_* keys, bucket)
#
# The binary is built outside the repository (SOHOA_TOOLS_CACHE: /var/cache/sohoa as root, else
# ~/.cache/sohoa) and never committed. `go install …@version` refuses SeaweedFS (its go.mod has
# replace directives), so the module's source is fetched with `go mod download` and built there.
# Settings (environment): SOHOA_TEST_S3_PORT (8343; the other SeaweedFS ports follow it),
# SOHOA_TEST_S3_RUN (/tmp/sohoa-s3-$PORT), SOHOA_SEAWEEDFS_VERSION (the pin below).
set -euo pipefail

# A pseudo-version of github.com/seaweedfs/seaweedfs (it tags no Go-module releases); weed 4.53.
VERSION=${SOHOA_SEAWEEDFS_VERSION:-v0.0.0-20261109003541-7506e5f91cd6}
PORT=${SOHOA_TEST_S3_PORT:-8343}
RUN_DIR=${SOHOA_TEST_S3_RUN:-/tmp/sohoa-s3-$PORT}
source "$(dirname "${BASH_SOURCE[0]}")/packages.sh"
CACHE=$(tools_cache)
WEED="$CACHE/seaweedfs-$VERSION/weed"
BUCKET=sohoa-test
ACCESS_KEY=sohoa-test
SECRET_KEY=sohoa-test-secret-not-for-production

say() { printf '\033[1;34m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[1;31msohoa: %s\033[0m\n' "$*" >&2; exit 1; }

install() {
  if [ -x "$WEED" ]; then
    say "SeaweedFS already built in $WEED"
    return 0
  fi
  command -v go >/dev/null || die "SeaweedFS is built with Go (1.24 or newer), which is not installed"
  say "Building SeaweedFS $VERSION from the Go module proxy into $CACHE (several minutes, once)"
  local source build
  source=$(go mod download -json "github.com/seaweedfs/seaweedfs@$VERSION" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["Dir"])')
  build="$CACHE/.seaweedfs-build-$$"
  rm -rf "$build"
  mkdir -p "$CACHE"
  cp -r "$source" "$build"
  chmod -R u+w "$build"
  (cd "$build" && go build -o "$build/weed.out" ./weed)
  mkdir -p "$(dirname "$WEED")"
  mv "$build/weed.out" "$WEED"
  rm -rf "$build"
  say "SeaweedFS $("$WEED" version 2>/dev/null | awk '{print $3}') built: $WEED"
}

endpoint() { echo "http://127.0.0.1:$PORT"; }

running() { [ -f "$RUN_DIR/pid" ] && kill -0 "$(cat "$RUN_DIR/pid")" 2>/dev/null; }

start() {
  [ -x "$WEED" ] || install
  if running; then
    say "SeaweedFS already running at $(endpoint)"
    return 0
  fi
  rm -rf "$RUN_DIR"
  mkdir -p "$RUN_DIR/data"
  cat > "$RUN_DIR/s3.json" <<JSON
{"identities": [{"name": "sohoa", "credentials": [{"accessKey": "$ACCESS_KEY", "secretKey": "$SECRET_KEY"}],
                 "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}
JSON
  # Every port of its own, next to the S3 one, so it never meets another SeaweedFS on this machine.
  nohup "$WEED" mini -dir="$RUN_DIR/data" -ip=127.0.0.1 -ip.bind=127.0.0.1 \
    -s3.port="$PORT" -s3.config="$RUN_DIR/s3.json" -bucket="$BUCKET" \
    -master.port=$((PORT + 1)) -volume.port=$((PORT + 2)) -filer.port=$((PORT + 3)) \
    -admin.port=$((PORT + 4)) -webdav=false -admin.ui=false -s3.port.iceberg=0 -s3.port.lance=0 -admin.port.legacy=0 \
    > "$RUN_DIR/log" 2>&1 &
  echo $! > "$RUN_DIR/pid"
  say "SeaweedFS starting at $(endpoint) (log: $RUN_DIR/log)"
}

wait_ready() {
  for _ in $(seq 1 90); do
    # An S3 endpoint answers an anonymous request with an XML error (403): it is up.
    if curl -s -o /dev/null -w '%{http_code}' "$(endpoint)/$BUCKET" 2>/dev/null | grep -qE '^(200|403)$'; then
      return 0
    fi
    running || die "SeaweedFS stopped while starting (see $RUN_DIR/log)"
    sleep 1
  done
  die "SeaweedFS did not answer at $(endpoint) within 90 s (see $RUN_DIR/log)"
}

stop() {
  if running; then
    kill "$(cat "$RUN_DIR/pid")" 2>/dev/null || true
    for _ in $(seq 1 20); do running || break; sleep 0.5; done
    running && kill -9 "$(cat "$RUN_DIR/pid")" 2>/dev/null || true
  fi
  rm -rf "$RUN_DIR"
}

print_env() {
  echo "SOHOA_S3_ENDPOINT_URL=$(endpoint)"
  echo "AWS_ACCESS_KEY_ID=$ACCESS_KEY"
  echo "AWS_SECRET_ACCESS_KEY=$SECRET_KEY"
  echo "SOHOA_TEST_S3_BUCKET=$BUCKET"
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  wait) wait_ready ;;
  stop) stop ;;
  env) print_env ;;
  *) die "usage: bash scripts/s3.sh install|start|wait|stop|env" ;;
esac

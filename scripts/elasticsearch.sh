#!/usr/bin/env bash
# A real single-node Elasticsearch for the test suite and for trying sohoa's Elasticsearch backend
# on one machine. Not a production cluster: point SOHOA_ES_URL at your province's cluster instead.
#
#   bash scripts/elasticsearch.sh install   fetch Elastic's test distribution with Maven (cached)
#   bash scripts/elasticsearch.sh start     start a node on 127.0.0.1 in the background
#   bash scripts/elasticsearch.sh wait      wait until it answers (green or yellow)
#   bash scripts/elasticsearch.sh stop      stop it and delete its data
#   bash scripts/elasticsearch.sh url       print its URL (pidfile: where the node's pid is written)
#
# The distribution (org.elasticsearch.distribution.integ-test-zip, Elastic License 2.0 / AGPL /
# SSPL) is a stripped node: core APIs, no security, no analysis-common, no reindex module. It is
# downloaded into a cache outside the repository and never committed. Elasticsearch refuses to
# run as root: as root, the node runs as the system user sohoa-es.
# Settings (environment): SOHOA_TEST_ES_PORT (9250), SOHOA_TEST_ES_HEAP (512m),
# SOHOA_TEST_ES_VERSION (the pin below), SOHOA_TOOLS_CACHE (/var/cache/sohoa as root, else ~/.cache/sohoa).
set -euo pipefail

# Pinned to the Python client's major (elasticsearch>=9,<10 in pyproject.toml); re-check both together.
ES_VERSION=${SOHOA_TEST_ES_VERSION:-9.5.4}
PORT=${SOHOA_TEST_ES_PORT:-9250}
HEAP=${SOHOA_TEST_ES_HEAP:-512m}
source "$(dirname "${BASH_SOURCE[0]}")/packages.sh"
CACHE=$(tools_cache)
HOME_DIR="$CACHE/elasticsearch-$ES_VERSION"
RUN_DIR=${SOHOA_TEST_ES_RUN:-/tmp/sohoa-es-$PORT}
ES_USER=sohoa-es

say() { printf '\033[1;34m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[1;31msohoa: %s\033[0m\n' "$*" >&2; exit 1; }

java_home() {
  # Elasticsearch 9 needs Java 21 or newer; Debian 12's default is 17.
  local candidate major
  for candidate in "${ES_JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
    major=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    if [ -n "$major" ] && [ "${major%%.*}" -ge 21 ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

install() {
  if [ -x "$HOME_DIR/bin/elasticsearch" ]; then
    say "Elasticsearch $ES_VERSION already in $HOME_DIR"
    return 0
  fi
  java_home >/dev/null || die "Elasticsearch $ES_VERSION needs a Java 21+ JDK (e.g. /usr/lib/jvm/temurin-25-jdk-amd64); none found in /usr/lib/jvm"
  if ! command -v mvn >/dev/null; then
    say "Installing Maven (to fetch Elasticsearch from Maven Central)"
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends maven >/dev/null
  fi
  say "Fetching Elasticsearch $ES_VERSION (Elastic's test distribution, ~130 MB) into $CACHE"
  mkdir -p "$CACHE"
  mvn -q -B dependency:copy \
    "-Dartifact=org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
    "-DoutputDirectory=$CACHE" >&2
  local unpack="$CACHE/.unpack-$$"
  rm -rf "$unpack"
  mkdir -p "$unpack"
  python3 -m zipfile -e "$CACHE/elasticsearch-$ES_VERSION.zip" "$unpack"
  chmod +x "$unpack/elasticsearch-$ES_VERSION/bin/"* "$unpack/elasticsearch-$ES_VERSION/jdk/bin/"* 2>/dev/null || true
  mv "$unpack/elasticsearch-$ES_VERSION" "$HOME_DIR"
  rm -rf "$unpack" "$CACHE/elasticsearch-$ES_VERSION.zip"
  chmod -R a+rX "$CACHE"
  say "Elasticsearch $ES_VERSION installed in $HOME_DIR"
}

url() { echo "http://127.0.0.1:$PORT"; }

running() { [ -f "$RUN_DIR/pid" ] && kill -0 "$(cat "$RUN_DIR/pid")" 2>/dev/null; }

start() {
  [ -x "$HOME_DIR/bin/elasticsearch" ] || install
  if running; then
    say "Elasticsearch already running at $(url) (pid $(cat "$RUN_DIR/pid"))"
    return 0
  fi
  local java
  java=$(java_home) || die "no Java 21+ JDK found for Elasticsearch"
  rm -rf "$RUN_DIR"
  mkdir -p "$RUN_DIR/config" "$RUN_DIR/data" "$RUN_DIR/logs" "$RUN_DIR/tmp"
  cp -r "$HOME_DIR/config/." "$RUN_DIR/config/"
  cat >>"$RUN_DIR/config/elasticsearch.yml" <<EOF

# sohoa test node: one machine, loopback only, nothing kept after stop.
cluster.name: sohoa-test
node.name: sohoa-test-node
discovery.type: single-node
network.host: 127.0.0.1
http.port: $PORT
transport.port: $((PORT + 100))
path.data: $RUN_DIR/data
path.logs: $RUN_DIR/logs
xpack.security.enabled: false
# A nearly full CI disk must not turn the test indices read-only.
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
EOF
  local runner=()
  if [ "$(id -u)" -eq 0 ]; then
    id "$ES_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
    chown -R "$ES_USER" "$RUN_DIR"
    runner=(runuser -u "$ES_USER" --)
  fi
  say "Starting Elasticsearch $ES_VERSION at $(url) (heap $HEAP, data in $RUN_DIR)"
  (
    cd "$RUN_DIR"
    exec "${runner[@]}" env ES_JAVA_HOME="$java" ES_PATH_CONF="$RUN_DIR/config" ES_TMPDIR="$RUN_DIR/tmp" \
      ES_JAVA_OPTS="-Xms$HEAP -Xmx$HEAP -XX:-UsePerfData" "$HOME_DIR/bin/elasticsearch" -q -p "$RUN_DIR/jvm.pid" \
      >"$RUN_DIR/console.log" 2>&1
  ) &
  echo $! >"$RUN_DIR/pid"
}

wait_ready() {
  local deadline=$((SECONDS + ${1:-120}))
  while [ $SECONDS -lt $deadline ]; do
    if curl -fsS -m 2 "$(url)/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1; then
      return 0
    fi
    running || die "Elasticsearch stopped while starting; see $RUN_DIR/console.log and $RUN_DIR/logs/"
    sleep 0.5
  done
  die "Elasticsearch did not answer at $(url) within ${1:-120} s; see $RUN_DIR/logs/"
}

jvm_pid() { cat "$RUN_DIR/jvm.pid" 2>/dev/null || true; }

stop() {
  # pid: the launcher (runuser or the start script); jvm.pid: the node itself, written by -p once up.
  local pid
  for pid in $(jvm_pid) $([ -f "$RUN_DIR/pid" ] && cat "$RUN_DIR/pid"); do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for _ in $(seq 1 60); do
    { [ -n "$(jvm_pid)" ] && kill -0 "$(jvm_pid)" 2>/dev/null; } || running || break
    sleep 0.25
  done
  for pid in $(jvm_pid) $([ -f "$RUN_DIR/pid" ] && cat "$RUN_DIR/pid"); do
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$RUN_DIR"
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  wait) wait_ready "${2:-120}" ;;
  stop) stop ;;
  url) url ;;
  jvm-pid) jvm_pid ;;
  pidfile) echo "$RUN_DIR/jvm.pid" ;;
  *) die "usage: bash scripts/elasticsearch.sh install|start|wait [seconds]|stop|url|pidfile|jvm-pid" ;;
esac

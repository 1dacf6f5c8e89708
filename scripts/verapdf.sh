#!/usr/bin/env bash
# veraPDF, the PDF Association's PDF/A validator, for checking sohoa's searchable PDFs and signed
# electronic copies against PDF/A-2b (the tests run it; archivists may run it on any output).
#
#   bash scripts/verapdf.sh install        fetch veraPDF's command line and its libraries with Maven (cached)
#   bash scripts/verapdf.sh classpath      print the Java classpath of the installed command line
#   bash scripts/verapdf.sh check FILE...  validate against PDF/A-2b; exit 0 only when every file passes
#
# org.verapdf.apps:greenfield-apps (GPLv3+ or MPLv2+), downloaded into a cache outside the
# repository and never committed. Runs on the machine's default Java (17 or newer; installed if missing).
# Settings (environment): SOHOA_VERAPDF_VERSION (the pin below), SOHOA_TOOLS_CACHE (/var/cache/sohoa
# as root, else ~/.cache/sohoa).
set -euo pipefail

VERSION=${SOHOA_VERAPDF_VERSION:-1.28.2}
source "$(dirname "${BASH_SOURCE[0]}")/packages.sh"
CACHE=$(tools_cache)
DIR="$CACHE/verapdf-$VERSION"

say() { printf '\033[1;34m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[1;31msohoa: %s\033[0m\n' "$*" >&2; exit 1; }

install() {
  if [ -f "$DIR/greenfield-apps-$VERSION.jar" ]; then
    return 0
  fi
  if ! command -v java >/dev/null || ! command -v mvn >/dev/null; then
    say "Installing Java and Maven (to fetch and run veraPDF)"
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends default-jre-headless maven >/dev/null
  fi
  say "Fetching veraPDF $VERSION (~20 MB) into $DIR"
  local work
  work=$(mktemp -d)
  cat > "$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>sohoa</groupId><artifactId>verapdf-cli</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies><dependency><groupId>org.verapdf.apps</groupId><artifactId>greenfield-apps</artifactId>
    <version>$VERSION</version></dependency></dependencies>
</project>
POM
  mkdir -p "$CACHE"
  (cd "$work" && mvn -q -B dependency:copy-dependencies "-DoutputDirectory=$work/lib" >&2)
  rm -rf "$DIR"
  mv "$work/lib" "$DIR"
  rm -rf "$work"
  chmod -R a+rX "$DIR"
}

classpath() { echo "$DIR/*"; }

check() {
  install
  [ $# -gt 0 ] || die "usage: scripts/verapdf.sh check FILE..."
  local report
  report=$(java -cp "$(classpath)" org.verapdf.apps.GreenfieldCliWrapper --flavour 2b --format text "$@" 2>&1) || true
  echo "$report"
  # One line per file: "PASS <file> 2b" or "FAIL <file> 2b"; anything else (a crash) fails too.
  [ "$(grep -c '^PASS ' <<<"$report")" -eq "$#" ]
}

case "${1:-}" in
  install) install ;;
  classpath) classpath ;;
  check) shift; check "$@" ;;
  *) sed -n '2,11p' "$0"; exit 2 ;;
esac

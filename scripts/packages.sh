# Sourced by the scripts: install the Debian packages named that are not installed yet
# (ensure_packages), and where fetched tools are kept (tools_cache).
# Usage: ensure_packages PACKAGE...   (as root, or through sudo). Call it as a plain command, never
# after || or &&: under set -e a failed apt-get then stops the script.
ensure_packages() {
  local missing=() package sudo=""
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    printf '\033[1;34m==> %s\033[0m\n' "System packages already installed" >&2
    return 0
  fi
  printf '\033[1;34m==> %s\033[0m\n' "Installing system packages: ${missing[*]}" >&2
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Where the tools the scripts fetch or build are kept (Elasticsearch, SeaweedFS, veraPDF, mypy's
# cache): SOHOA_TOOLS_CACHE, else /var/cache/sohoa as root, else ~/.cache/sohoa.
tools_cache() {
  if [ "$(id -u)" -eq 0 ]; then
    echo "${SOHOA_TOOLS_CACHE:-/var/cache/sohoa}"
  else
    echo "${SOHOA_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sohoa}"
  fi
}

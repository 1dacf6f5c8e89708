# Sourced by the setup scripts: install the Debian packages named that are not installed yet.
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

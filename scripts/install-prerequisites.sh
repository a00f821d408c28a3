#!/usr/bin/env bash
# Finds, or installs from Debian, the system packages the tests need:
#   chromium         the real browser for the player's tests and the end-to-end tests
#   libkrb5-dev      a native module of code-server (the end-to-end tests' VS Code) builds against it
#   espeak-ng        the system-voice engine's synthesizer
#   ca-certificates  TLS for the npm installs of the end-to-end host
# Installs only what is missing (apt-get update only then), as root or through sudo. Exits non-zero
# with one line saying what to do when something is missing and cannot be installed.
set -euo pipefail

missing=()
has_package() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = 'install ok installed' ]
}
# The browser tests honour READ_ALOUD_CHROMIUM; Debian's package is what this script can provide.
[ -x "${READ_ALOUD_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
has_package libkrb5-dev || missing+=(libkrb5-dev)
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
has_package ca-certificates || missing+=(ca-certificates)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

fail() {
  echo "install-prerequisites: missing ${missing[*]}: $1" >&2
  exit 1
}

command -v apt-get >/dev/null 2>&1 || fail "not a Debian/Ubuntu system; install them with your package manager"

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
elif command -v sudo >/dev/null 2>&1 && [ -t 0 ]; then
  as_root=(sudo) # sudo may ask for the password on this terminal
else
  fail "run as root or with sudo: sudo apt-get install ${missing[*]}"
fi

echo "install-prerequisites: installing ${missing[*]} from Debian" >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
  || fail "apt-get update failed"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
  || fail "apt-get install failed; try: sudo apt-get install ${missing[*]}"

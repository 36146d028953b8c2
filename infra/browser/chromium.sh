#!/usr/bin/env bash
# Makes a headless Chromium available for the page tests, and prints its path.
#   infra/browser/chromium.sh ensure   (default)
# CHROMIUM_PATH wins when set. Otherwise Debian's Chromium (/usr/bin/chromium) is used,
# installed with apt-get when missing and this runs as root (a downloaded browser, as
# `playwright install` would fetch, is not reachable from the machines we run on).
set -euo pipefail

fail() {
  echo "chromium.sh: $*" >&2
  echo "chromium.sh: install Debian's Chromium (as root: apt-get install -y chromium fonts-liberation)," >&2
  echo "chromium.sh: or point CHROMIUM_PATH at a Chromium/Chrome binary." >&2
  exit 1
}

if [ -n "${CHROMIUM_PATH:-}" ]; then
  [ -x "$CHROMIUM_PATH" ] || fail "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable"
  echo "$CHROMIUM_PATH"
  exit 0
fi

for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -x "$candidate" ]; then echo "$candidate"; exit 0; fi
done

command -v apt-get > /dev/null || fail "no Chromium found, and no apt-get to install it"
if [ "$(id -u)" != "0" ]; then
  if command -v sudo > /dev/null && sudo -n true 2> /dev/null; then SUDO=sudo; else fail "no Chromium found, and installing it needs root"; fi
else
  SUDO=
fi

echo "chromium.sh: installing Debian's chromium and fonts-liberation (apt-get, once per machine)" >&2
export DEBIAN_FRONTEND=noninteractive
# the package lists may be missing on a fresh machine, or stale
if ! $SUDO apt-get install -y -q chromium fonts-liberation >&2; then
  $SUDO apt-get update -q >&2 || fail "apt-get update failed"
  $SUDO apt-get install -y -q chromium fonts-liberation >&2 || fail "apt-get install chromium failed"
fi
[ -x /usr/bin/chromium ] || fail "apt-get installed chromium, but /usr/bin/chromium is not there"
echo /usr/bin/chromium

#!/usr/bin/env bash
# Makes Debian's Chromium available at /usr/bin/chromium for Playwright (never a downloaded browser).
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" != "0" ]; then
  echo "Chromium is missing: sudo apt-get install -y chromium" >&2
  exit 1
fi
echo "==> installing chromium from Debian"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null

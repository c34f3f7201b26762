#!/usr/bin/env bash
# Everything the test suite needs from the machine, idempotently: Debian packages, a running
# Docker engine, Debian's Chromium for Playwright, the test base image and the local cluster images.
set -euo pipefail
cd "$(dirname "$0")/../.."

missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
[ -x /bin/busybox ] || missing+=(busybox-static)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "Missing Debian packages: ${missing[*]}. Install them: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "==> installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

bash scripts/env/ensure-docker.sh
bash scripts/env/ensure-chromium.sh
bash scripts/env/ensure-test-image.sh
if [ -f scripts/images/build.sh ]; then
  bash scripts/images/build.sh
fi
npx prisma migrate deploy >/dev/null

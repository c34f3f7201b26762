#!/usr/bin/env bash
# Everything the test suite needs from the machine, idempotently: Debian packages, a running
# Docker engine, Debian's Chromium for Playwright, the test base image and the local cluster images.
set -euo pipefail
cd "$(dirname "$0")/../.."

bash scripts/env/packages.sh docker kit test
bash scripts/env/ensure-docker.sh
bash scripts/env/ensure-chromium.sh
bash scripts/env/ensure-test-image.sh
if [ -f scripts/images/build.sh ]; then
  bash scripts/images/build.sh
fi
npx tsx scripts/db/migrate.ts >/dev/null

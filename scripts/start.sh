#!/usr/bin/env bash
# The one start command: makes this machine ready (dependencies, database, Docker engine, the
# cluster's local images) and starts the panel. A second run skips whatever is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '==> %s\n' "$*"; }

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "Node.js 20 or newer is needed (found: $(node --version 2>/dev/null || echo none))." >&2
  echo "Debian: sudo apt-get install -y nodejs npm, or use nvm." >&2
  exit 1
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dependencies"
  npm ci --no-audit --no-fund
fi

docker_ok=1
if ! bash scripts/env/ensure-docker.sh; then
  docker_ok=0
  echo "!! The panel starts anyway; it shows Docker as unreachable until an engine answers." >&2
fi
if [ "$docker_ok" = 1 ] && [ -f scripts/images/build.sh ] && [ "${SKIP_IMAGES:-0}" != 1 ]; then
  say "checking the cluster's local images (built once, then cached)"
  bash scripts/images/build.sh || echo "!! Building the local images failed: deploys will say which images are missing." >&2
fi

# Sessions are signed with JWT_SECRET and the panel refuses to start without a strong one: make
# one on first start and keep it in .env (read by the server, ignored by git).
if [ -z "${JWT_SECRET:-}" ] && ! grep -qs '^JWT_SECRET=' .env; then
  say "generating JWT_SECRET into .env (keep this file private)"
  umask 077
  printf 'JWT_SECRET=%s\n' "$(node -e 'console.log(require("crypto").randomBytes(48).toString("base64url"))')" >>.env
fi

say "applying database migrations"
npx prisma migrate deploy >/dev/null

if [ ! -f .next/BUILD_ID ] || [ -n "$(find app components lib server.ts next.config.js package-lock.json -newer .next/BUILD_ID -print -quit)" ]; then
  say "building the panel"
  npx prisma generate >/dev/null
  NEXT_TELEMETRY_DISABLED=1 npx next build >/dev/null
fi

say "starting the panel on http://${PANEL_HOST:-127.0.0.1}:${PORT:-4600} (first visit: create the admin account)"
export NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
exec npx tsx server.ts

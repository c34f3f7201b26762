#!/usr/bin/env bash
# Runs a command with CPU cores kept busy beside it, to try the suite on a "slower host" without
# one: stress-ng (Debian package stress-ng; scripts/env/packages.sh test installs it) spins
# UNDER_LOAD_CPUS workers (default 1) for as long as the command runs, then is stopped. Prints the
# load average and the time at start and end, and the command's duration; exits with its status.
#   bash scripts/ci/under-load.sh npm test
#   UNDER_LOAD_CPUS=1 bash scripts/ci/under-load.sh flock /tmp/ollamamax-cluster.lock npm run test:int
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ $# -eq 0 ]; then
  echo "usage: bash scripts/ci/under-load.sh COMMAND [ARG…]   (UNDER_LOAD_CPUS=N, default 1)" >&2
  exit 2
fi
if ! command -v stress-ng >/dev/null 2>&1; then
  echo "stress-ng is missing: apt-get install stress-ng (or bash scripts/env/packages.sh test)" >&2
  exit 1
fi
cpus="${UNDER_LOAD_CPUS:-1}"
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "==> under load: $cpus stress-ng CPU worker(s) on $(nproc) cores; start $(date -u +%FT%TZ), load average $(load)"
# No --timeout: it runs until the command ends, however long that is; --cpu-load 100 keeps each worker busy.
stress-ng --cpu "$cpus" --cpu-load 100 --quiet &
stress=$!
stop() { kill "$stress" 2>/dev/null && wait "$stress" 2>/dev/null || true; }
trap stop EXIT
start=$SECONDS
status=0
"$@" || status=$?
echo "==> under load: '$*' exited $status after $((SECONDS - start)) s; end $(date -u +%FT%TZ), load average $(load)"
exit "$status"

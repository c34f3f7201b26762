#!/usr/bin/env bash
# Times a warm (cached) run of the image kit: the kit is brought up to date first (untimed), then
# scripts/images/build.sh runs again with no recipe change and its wall time is printed.
# Exits 1 when the warm run takes 10 s or more (the kit's budget).
#   bash scripts/images/bench-warm-build.sh [runs]     (default 3 runs; prints each and the worst)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
runs=${1:-3}
budget=10

echo "==> making sure the kit is built (untimed)"
bash "$ROOT/scripts/images/build.sh" >/dev/null

worst=0
for i in $(seq 1 "$runs"); do
  t0=$(date +%s.%N)
  bash "$ROOT/scripts/images/build.sh" >/dev/null
  t1=$(date +%s.%N)
  s=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}')
  echo "warm build run $i: ${s} s"
  worst=$(awk -v a="$worst" -v b="$s" 'BEGIN{print (b>a)?b:a}')
done
echo "warm build (worst of $runs): ${worst} s (budget ${budget} s)"
awk -v w="$worst" -v b="$budget" 'BEGIN{exit !(w<b)}' || { echo "over budget" >&2; exit 1; }

#!/usr/bin/env bash
# Slow lab tests (fresh machine, fault suite, Swarm, stats bench …) run only when the files they
# cover changed since the lab last passed. Each lab is scripts/ci/labs/<name>.lab (bash, sourced):
#   LAB_COVERS=(glob …)   files whose content decides whether the lab must run again
#   lab_run() { … }       the test itself; non-zero fails the suite
# The stamp scripts/ci/labs/<name>.stamp holds the sha256 of the covered files when the lab last
# passed. After a lab passes, record its stamp and commit it: bash scripts/ci/labs.sh --stamp NAME.
#   bash scripts/ci/labs.sh              run every lab whose covered files changed (npm test does this),
#                                        writing the stamp of each that passes
#   bash scripts/ci/labs.sh --force NAME run one lab whatever its stamp says
#   bash scripts/ci/labs.sh --status     say which labs are due
#   bash scripts/ci/labs.sh --stamp NAME run NAME and, when it passes, write its stamp
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=scripts/ci/labs

covered_hash() {
  # shellcheck disable=SC1090
  (source "$dir/$1.lab"; git ls-files -z -- "${LAB_COVERS[@]}" "$dir/$1.lab" | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-64)
}
is_due() { [ "$(cat "$dir/$1.stamp" 2>/dev/null)" != "$(covered_hash "$1")" ]; }
# The 1-, 5- and 15-minute load averages and the cores: how busy the machine was around a lab.
load() { echo "load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"; }
lab_name="" lab_start=0
# A failing lab stops the script (set -e; the lab's own errexit must stay on, so no `if`/`||` around
# it): say how long it ran and under what load on the way out.
trap 'status=$?; [ "$status" = 0 ] || [ -z "$lab_name" ] || echo "==> lab $lab_name: FAILED after $((SECONDS - lab_start)) s ($(date -u +%T), $(load))"' EXIT
run_lab() {
  echo "==> lab $1: running ($(date -u +%T), $(load))"
  lab_name=$1 lab_start=$SECONDS
  # shellcheck disable=SC1090
  (source "$dir/$1.lab"; lab_run)
  echo "==> lab $1: passed in $((SECONDS - lab_start)) s ($(date -u +%T), $(load))"
  lab_name=""
}
labs() { for f in "$dir"/*.lab; do [ -e "$f" ] && basename "$f" .lab; done; }

case "${1:-}" in
  --status) for l in $(labs); do if is_due "$l"; then echo "$l: due (covered files changed)"; else echo "$l: up to date"; fi; done ;;
  --force) run_lab "${2:?lab name}" ;;
  --stamp) run_lab "${2:?lab name}"; covered_hash "$2" >"$dir/$2.stamp"; echo "==> stamp written: $dir/$2.stamp (commit it)" ;;
  "")
    for l in $(labs); do
      # A due lab that passes writes its stamp: commit it, and the next run skips the lab until
      # its covered files change again.
      if is_due "$l"; then run_lab "$l"; covered_hash "$l" >"$dir/$l.stamp"; echo "==> stamp written: $dir/$l.stamp (commit it)"; else echo "==> lab $l: skipped (covered files unchanged since it last passed)"; fi
    done ;;
  *) echo "usage: bash scripts/ci/labs.sh [--status | --force NAME | --stamp NAME]" >&2; exit 2 ;;
esac

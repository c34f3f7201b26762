#!/usr/bin/env bash
# The one list of Debian packages this project needs from the machine, by what needs them, and the
# one installer: scripts/start.sh, scripts/env/ensure-docker.sh, scripts/env/prepare-test-env.sh and
# the panel's "Build the local images" all go through it.
#
#   packages.sh SET…           install what SET needs and is missing (root on Debian), or stop with
#                              one sentence naming the packages and the exact command
#   packages.sh --check SET…   print the missing packages (one line, space separated); exit 1 if any
#
# SET: docker (the engine and its CLI), kit (scripts/images/build.sh: debootstrap, docker import),
#      test (Chromium for Playwright, docker-compose, busybox-static for the test image, promtool
#      for the /metrics check, PostgreSQL for the panel-on-PostgreSQL test, sshd for the
#      environments lab's ssh:// engine, stress-ng for scripts/ci/under-load.sh, docker-registry
#      for the pull_policy test's registry on loopback, poppler-utils' pdftoppm for the report's PDF
#      pages)
set -euo pipefail

# set | what must exist (a command name or an absolute path) | the Debian package that gives it
TABLE=(
  "docker|docker|docker.io"
  "docker|dockerd|docker.io"
  "docker|pgrep|procps"
  "kit|docker|docker.io"
  "kit|debootstrap|debootstrap"
  "kit|flock|util-linux"
  "kit|sha256sum|coreutils"
  "test|/usr/bin/chromium|chromium"
  "test|docker-compose|docker-compose"
  "test|/bin/busybox|busybox-static"
  "test|promtool|prometheus"
  "test|pg_ctlcluster|postgresql"
  "test|/usr/sbin/sshd|openssh-server"
  "test|stress-ng|stress-ng"
  "test|/usr/bin/docker-registry|docker-registry"
  "test|pdftoppm|poppler-utils"
)

check=0
if [ "${1:-}" = --check ]; then
  check=1
  shift
fi
if [ $# -eq 0 ]; then
  echo "usage: packages.sh [--check] docker|kit|test …" >&2
  exit 2
fi

present() { case "$1" in /*) [ -x "$1" ] ;; *) command -v "$1" >/dev/null 2>&1 ;; esac; }

missing=()
for set in "$@"; do
  case "$set" in docker | kit | test) ;; *)
    echo "unknown package set: $set (use docker, kit or test)" >&2
    exit 2
    ;;
  esac
  for row in "${TABLE[@]}"; do
    IFS='|' read -r row_set thing package <<<"$row"
    [ "$row_set" = "$set" ] || continue
    present "$thing" && continue
    case " ${missing[*]} " in *" $package "*) ;; *) missing+=("$package") ;; esac
  done
done

if [ "$check" = 1 ]; then
  echo "${missing[*]}"
  [ ${#missing[@]} -eq 0 ]
  exit
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    how="sudo apt-get install -y ${missing[*]}"
  else
    how="install ${missing[*]} with this system's package manager (Debian names)"
  fi
  echo "Missing ${missing[*]}, which only root on Debian can install from here: run \`$how\`, then run this command again." >&2
  exit 1
fi

echo "==> installing ${missing[*]} from Debian (apt-get; about a minute)"
export DEBIAN_FRONTEND=noninteractive
# Tools only: no package may start its service (Debian's prometheus would take :9090, which the
# original topology publishes; dockerd is started by ensure-docker.sh). policy-rc.d says so to apt.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
apt-get update -qq
# apt's own progress lines stay visible (one per package): a slow mirror does not look like a hang.
apt-get install -y -q "${missing[@]}" | grep --line-buffered -E '^(Unpacking|Setting up) ' || true
for package in "${missing[@]}"; do
  if ! dpkg -s "$package" >/dev/null 2>&1; then
    echo "Installing $package failed: run \`apt-get install -y $package\` to see why." >&2
    exit 1
  fi
done
echo "==> installed ${missing[*]}"

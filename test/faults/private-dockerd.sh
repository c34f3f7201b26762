#!/usr/bin/env bash
# A private Docker engine for the fault suite, so restarting "the engine" never touches the shared
# one: its own socket, data root, exec root (and so its own containerd), its own default bridge, no
# iptables rules. Needs root. The busybox test image and the local node and nginx images (the
# scale, latency and batch faults deploy them) are copied in from the shared engine.
# Not `--bridge=none`: a dockerd started so deletes the host's docker0 link at boot (it clears the
# default bridge it would not use), which breaks the shared engine's default network.
#   bash test/faults/private-dockerd.sh start|stop|restart|freeze|thaw|small-root SIZE|normal-root
# freeze/thaw: SIGSTOP/SIGCONT of the engine (containers keep running, the API does not answer).
# small-root SIZE: restarts the engine with its data root on a tmpfs of SIZE (e.g. 48m), busybox
# only, so a build fills it; normal-root: back to the usual data root, the tmpfs unmounted.
set -euo pipefail
root=/tmp/faults-docker
sock=/tmp/faults-docker.sock
pidfile=$root/docker.pid
small=$root/small-data
saved=$root/busybox.tar
data=$root/data
[ -f "$root/data-root" ] && data=$(cat "$root/data-root")
bridge=faults0
private=(docker -H "unix://$sock")
# The shared engine, named: the suite runs this script with DOCKER_HOST pointing at the private one.
shared=(docker -H unix:///var/run/docker.sock)

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

start() {
  running && return 0
  mkdir -p "$root"
  if ! ip link show "$bridge" >/dev/null 2>&1; then
    ip link add "$bridge" type bridge
    ip addr add 10.231.0.1/24 dev "$bridge"
  fi
  ip link set "$bridge" up
  setsid dockerd --host "unix://$sock" --data-root "$data" --exec-root "$root/exec" \
    --pidfile "$pidfile" --bridge="$bridge" --iptables=false --shutdown-timeout 2 \
    >>"$root/dockerd.log" 2>&1 </dev/null &
  for _ in $(seq 1 100); do
    "${private[@]}" version >/dev/null 2>&1 && break
    sleep 0.2
  done
  "${private[@]}" version >/dev/null
  local images=(ollamamax-test/busybox:latest)
  [ "$data" = "$small" ] || images+=(ollamamax-local/node:latest ollamamax-local/nginx:latest)
  for image in "${images[@]}"; do
    if ! "${private[@]}" image inspect "$image" >/dev/null 2>&1; then
      if "${shared[@]}" image inspect "$image" >/dev/null 2>&1; then
        "${shared[@]}" save "$image" | "${private[@]}" load >/dev/null
      elif [ -f "$saved" ]; then
        "${private[@]}" load -i "$saved" >/dev/null
      fi
    fi
  done
}

small_root() {
  # The busybox image, kept from the usual data root: the shared engine may not be up to give it.
  if running && "${private[@]}" image inspect ollamamax-test/busybox:latest >/dev/null 2>&1; then
    "${private[@]}" save ollamamax-test/busybox:latest >"$saved"
  fi
  stop
  mkdir -p "$small"
  mountpoint -q "$small" || mount -t tmpfs -o "size=${1:?size}" tmpfs "$small"
  echo "$small" >"$root/data-root"
  data=$small
  start
}

normal_root() {
  stop
  rm -f "$root/data-root"
  data=$root/data
  if mountpoint -q "$small"; then umount -l "$small"; fi
  start
}

stop() {
  running || return 0
  local pid
  pid=$(cat "$pidfile")
  kill -CONT "$pid" 2>/dev/null || true # a frozen engine would not act on TERM
  kill -TERM "$pid"
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  freeze) kill -STOP "$(cat "$pidfile")" ;;
  thaw) kill -CONT "$(cat "$pidfile")" ;;
  small-root) small_root "${2:-}" ;;
  normal-root) normal_root ;;
  *) echo "usage: $0 start|stop|restart|freeze|thaw|small-root SIZE|normal-root" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# A private Docker engine for the fault suite, so restarting "the engine" never touches the shared
# one: its own socket, data root, exec root (and so its own containerd), its own default bridge, no
# iptables rules. Needs root. The busybox test image is copied in from the shared engine.
# Not `--bridge=none`: a dockerd started so deletes the host's docker0 link at boot (it clears the
# default bridge it would not use), which breaks the shared engine's default network.
#   bash test/faults/private-dockerd.sh start|stop|restart|kill
set -euo pipefail
root=/tmp/faults-docker
sock=/tmp/faults-docker.sock
pidfile=$root/docker.pid
bridge=faults0
private=(docker -H "unix://$sock")

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

start() {
  running && return 0
  mkdir -p "$root"
  if ! ip link show "$bridge" >/dev/null 2>&1; then
    ip link add "$bridge" type bridge
    ip addr add 10.231.0.1/24 dev "$bridge"
  fi
  ip link set "$bridge" up
  setsid dockerd --host "unix://$sock" --data-root "$root/data" --exec-root "$root/exec" \
    --pidfile "$pidfile" --bridge="$bridge" --iptables=false --shutdown-timeout 2 \
    >>"$root/dockerd.log" 2>&1 </dev/null &
  for _ in $(seq 1 100); do
    "${private[@]}" version >/dev/null 2>&1 && break
    sleep 0.2
  done
  "${private[@]}" version >/dev/null
  if ! "${private[@]}" image inspect ollamamax-test/busybox:latest >/dev/null 2>&1; then
    docker save ollamamax-test/busybox:latest | "${private[@]}" load >/dev/null
  fi
}

stop() {
  running || return 0
  local pid
  pid=$(cat "$pidfile")
  kill -TERM "$pid"
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  *) echo "usage: $0 start|stop|restart" >&2; exit 2 ;;
esac

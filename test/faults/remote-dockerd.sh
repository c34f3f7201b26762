#!/usr/bin/env bash
# A "remote" Docker engine for the fault lab: a dockerd in a network namespace of its own
# (faults-remote), reached from the host on plain tcp://10.234.0.2:2375 over a veth pair, as a
# machine on the network would be. `cut` takes the namespace's end of the link down: packets to the
# engine go nowhere (no reset, no refusal), as when a remote host drops off the network; `mend`
# brings it back. Its own data root, exec root (its own containerd), socket, pidfile and an empty
# daemon.json; the busybox test image copied in from the private fault engine. Needs root.
# nsenter --net only (not `ip netns exec`, which remounts /sys and hides the cgroup tree from
# dockerd: docs/SWARM-LAB.md). Its default bridge lives in the namespace, so it never touches the
# host's docker0; iptables off (no rules anywhere).
#   bash test/faults/remote-dockerd.sh start|stop|cut|mend
set -euo pipefail
root=/tmp/faults-remote
ns=faults-remote
sock=$root/docker.sock
pidfile=$root/docker.pid
host_end=faultsr-h
addr=10.234.0.2
remote=(docker -H "unix://$sock")
faults=(docker -H unix:///tmp/faults-docker.sock)
image=ollamamax-test/busybox:latest

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

start() {
  running || start_engine
  if ! "${remote[@]}" image inspect "$image" >/dev/null 2>&1; then
    "${faults[@]}" save "$image" | "${remote[@]}" load >/dev/null
  fi
}

start_engine() {
  mkdir -p "$root"
  [ -f "$root/daemon.json" ] || echo '{}' >"$root/daemon.json"
  [ -e "/var/run/netns/$ns" ] || ip netns add "$ns"
  if ! ip link show "$host_end" >/dev/null 2>&1; then
    ip link add "$host_end" type veth peer name eth0 netns "$ns"
    ip addr add 10.234.0.1/30 dev "$host_end"
    ip link set "$host_end" up
    ip -n "$ns" addr add "$addr/30" dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "$ns" link set lo up
  fi
  nsenter --net="/var/run/netns/$ns" setsid dockerd --host "unix://$sock" --host "tcp://$addr:2375" \
    --data-root "$root/data" --exec-root "$root/exec" --pidfile "$pidfile" --config-file "$root/daemon.json" \
    --iptables=false --ip6tables=false --shutdown-timeout 2 >>"$root/dockerd.log" 2>&1 </dev/null &
  # dockerd waits some seconds on purpose before serving plain tcp (it warns that it is insecure).
  for _ in $(seq 1 300); do
    "${remote[@]}" version >/dev/null 2>&1 && break
    sleep 0.2
  done
  "${remote[@]}" version >/dev/null
}

stop() {
  mend
  if running; then
    local pid
    pid=$(cat "$pidfile")
    kill -TERM "$pid"
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  # Its mounts (overlay, netns) must go before the folders can.
  grep -o " $root/[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$root"
  ip link del "$host_end" 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
}

cut() { ip -n "$ns" link set eth0 down; }
mend() { if [ -e "/var/run/netns/$ns" ]; then ip -n "$ns" link set eth0 up 2>/dev/null || true; fi; }

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  cut) cut ;;
  mend) mend ;;
  *) echo "usage: $0 start|stop|cut|mend" >&2; exit 2 ;;
esac

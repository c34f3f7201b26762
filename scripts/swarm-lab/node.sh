#!/usr/bin/env bash
# One engine of the Swarm lab: start, stop or kill (SIGKILL to all of it, as a crashed machine) the
# dockerd of a node, in the node's network and UTS namespaces with its own data root, exec root (its own containerd),
# socket, pid file, cgroup parent and an empty daemon.json (the host's is not read).
#   bash scripts/swarm-lab/node.sh start|stop|kill NODE
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lab-env.sh
source "$here/lab-env.sh"
node=${2:?node name (${SWARM_LAB_NODES[*]})}
swarm_lab_index "$node" >/dev/null || { echo "unknown node $node" >&2; exit 2; }
root=$SWARM_LAB_DIR/$node
pidfile=$root/dockerd.pid
sock=$(swarm_lab_sock "$node")

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

start() {
  running && return 0
  mkdir -p "$root" "$SWARM_LAB_RUN"
  [ -f "$root/daemon.json" ] || echo '{}' >"$root/daemon.json"
  # nsenter --net only: `ip netns exec` also remounts /sys, which hides the cgroup tree from dockerd.
  # iptables stays on: its rules live in the node's namespace, not the host's.
  # A UTS namespace of its own too, so the swarm lists the node by its name, not the host's.
  nsenter --net="/var/run/netns/$node" unshare --uts sh -c 'hostname "$0" && exec setsid "$@"' "$node" dockerd \
    --host "unix://$sock" --data-root "$root/data" --exec-root "$root/exec" --pidfile "$pidfile" \
    --config-file "$root/daemon.json" --cgroup-parent "/$node" --shutdown-timeout 2 \
    >>"$root/dockerd.log" 2>&1 </dev/null &
  for _ in $(seq 1 150); do
    swarm_lab_docker "$node" version >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "dockerd of $node did not answer on $sock (see $root/dockerd.log)" >&2
  return 1
}

# Every process of the node by id: dockerd, its containerd and the shims share the node's network
# namespace; the containers sit under the node's cgroup parent (each in a namespace of its own).
node_pids() {
  ip netns pids "$node" 2>/dev/null || true
  find /sys/fs/cgroup/pids/"$node" /sys/fs/cgroup/"$node" -name cgroup.procs -exec cat {} + 2>/dev/null || true
}

stop() {
  running || return 0
  local pid
  pid=$(cat "$pidfile")
  kill -TERM "$pid"
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  crash
}

# A machine that dies: every process of the node at once, no chance to say goodbye to the swarm.
crash() {
  local pids
  pids=$(node_pids | sort -u)
  # shellcheck disable=SC2086
  [ -n "$pids" ] && kill -KILL $pids 2>/dev/null || true
  rm -f "$pidfile"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  kill) crash ;;
  *) echo "usage: $0 start|stop|kill NODE" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Removes the Swarm lab and everything it made: the engines (and any container still running on
# them), their mounts and folders, the namespaces, links, the host bridge and the cgroups. Safe to
# run twice or after a half-built lab.
#   bash scripts/swarm-lab/down.sh
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lab-env.sh
source "$here/lab-env.sh"

for node in "${SWARM_LAB_NODES[@]}"; do bash "$here/node.sh" stop "$node" 2>/dev/null || true; done
for node in "${SWARM_LAB_NODES[@]}"; do bash "$here/node.sh" kill "$node" 2>/dev/null || true; done
sleep 0.5
# Mounts a killed engine left (overlay layers, network namespaces of its sandboxes), deepest first.
awk -v dir="$SWARM_LAB_DIR/" 'index($5, dir) == 1 { print $5 }' /proc/self/mountinfo | sort -r |
  while read -r mount; do umount -l "$mount" 2>/dev/null || true; done
for node in "${SWARM_LAB_NODES[@]}"; do
  n=$(swarm_lab_index "$node")
  [ -e "/var/run/netns/$node" ] && ip netns del "$node"
  # cgroup v1: one folder per controller; remove the containers' folders, then the node's.
  for ctl in /sys/fs/cgroup/*/"$node" /sys/fs/cgroup/"$node"; do
    [ -d "$ctl" ] && find "$ctl" -depth -type d -exec rmdir {} + 2>/dev/null || true
  done
done
# Deleting a namespace deletes its links: the bridge and the node ends of the veth pairs go with it.
[ -e "/var/run/netns/$SWARM_LAB_SWITCH" ] && ip netns del "$SWARM_LAB_SWITCH"
rm -rf "$SWARM_LAB_DIR" "$SWARM_LAB_RUN"
left=$(ip netns list 2>/dev/null | grep -c '^swl-' || true)
[ "$left" -eq 0 ] || { echo "swarm lab: $left namespaces remain" >&2; exit 1; }
echo "swarm lab removed"

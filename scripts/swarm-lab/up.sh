#!/usr/bin/env bash
# Builds the Swarm lab on this one machine: three Docker engines (one manager, two workers), each in
# a network namespace of its own with its own data root and socket, joined into one swarm, with the
# panel's local images loaded into each. Recipe and reasons: docs/SWARM-LAB.md. Needs root.
#   bash scripts/swarm-lab/up.sh        (then: bash scripts/swarm-lab/down.sh)
# Images copied: SWARM_LAB_IMAGES (space separated), default every ollamamax-local/* and
# ollamamax-test/busybox of the shared engine. On any failure the lab is removed again (unless
# SWARM_LAB_KEEP=1, to look at it).
set -eEuo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lab-env.sh
source "$here/lab-env.sh"
trap 'status=$?; if [ "$status" -ne 0 ] && [ -z "${SWARM_LAB_KEEP:-}" ]; then echo "swarm lab: setup failed ($status), removing it" >&2; bash "$here/down.sh"; fi' EXIT

mkdir -p "$SWARM_LAB_DIR" "$SWARM_LAB_RUN"
# One bridge joins the nodes, as a switch joins machines. It sits in a namespace of its own: in the
# host's, bridged frames would pass the host's iptables (Docker sets FORWARD to DROP there, and the
# per-bridge nf_call_iptables switch does not override the global one); this namespace has no rules.
[ -e "/var/run/netns/$SWARM_LAB_SWITCH" ] || ip netns add "$SWARM_LAB_SWITCH"
if ! ip -n "$SWARM_LAB_SWITCH" link show "$SWARM_LAB_BRIDGE" >/dev/null 2>&1; then
  ip -n "$SWARM_LAB_SWITCH" link add "$SWARM_LAB_BRIDGE" type bridge
  ip -n "$SWARM_LAB_SWITCH" link set "$SWARM_LAB_BRIDGE" up
fi

for node in "${SWARM_LAB_NODES[@]}"; do
  n=$(swarm_lab_index "$node")
  [ -e "/var/run/netns/$node" ] || ip netns add "$node"
  if ! ip -n "$SWARM_LAB_SWITCH" link show "swlh-$n" >/dev/null 2>&1; then
    ip link add "swlh-$n" netns "$SWARM_LAB_SWITCH" type veth peer name eth0 netns "$node"
    ip -n "$SWARM_LAB_SWITCH" link set "swlh-$n" master "$SWARM_LAB_BRIDGE" up
    ip -n "$node" addr add "$(swarm_lab_addr "$node")/24" dev eth0
    ip -n "$node" link set eth0 up
    ip -n "$node" link set lo up
  fi
  bash "$here/node.sh" start "$node"
done

images=${SWARM_LAB_IMAGES:-$(docker images --format '{{.Repository}}:{{.Tag}}' | grep -E '^(ollamamax-local/|ollamamax-test/busybox:)' | grep -v ':<none>$' | sort -u | tr '\n' ' ')}
tar=$SWARM_LAB_DIR/images.tar
# shellcheck disable=SC2086
docker save -o "$tar" $images
for node in "${SWARM_LAB_NODES[@]}"; do swarm_lab_docker "$node" load -q -i "$tar" >/dev/null & done
wait
rm -f "$tar"

manager=${SWARM_LAB_NODES[0]}
if [ "$(swarm_lab_docker "$manager" info --format '{{.Swarm.LocalNodeState}}')" != active ]; then
  swarm_lab_docker "$manager" swarm init --advertise-addr "$(swarm_lab_addr "$manager")" \
    --default-addr-pool "$SWARM_LAB_POOL" >/dev/null
fi
token=$(swarm_lab_docker "$manager" swarm join-token -q worker)
for node in "${SWARM_LAB_NODES[@]:1}"; do
  if [ "$(swarm_lab_docker "$node" info --format '{{.Swarm.LocalNodeState}}')" != active ]; then
    swarm_lab_docker "$node" swarm join --token "$token" --advertise-addr "$(swarm_lab_addr "$node")" \
      "$(swarm_lab_addr "$manager"):2377" >/dev/null
  fi
done
# Ready when the manager lists every node Ready.
for _ in $(seq 1 100); do
  ready=$(swarm_lab_docker "$manager" node ls --format '{{.Status}}' | grep -c '^Ready$' || true)
  [ "$ready" -eq "${#SWARM_LAB_NODES[@]}" ] && break
  sleep 0.3
done
swarm_lab_docker "$manager" node ls
for node in "${SWARM_LAB_NODES[@]}"; do echo "$node $(swarm_lab_addr "$node") unix://$(swarm_lab_sock "$node")"; done

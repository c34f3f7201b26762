# Names and addresses of the Swarm lab (sourced by up.sh, down.sh and node.sh). Everything the lab
# creates carries the "swl" prefix: network namespaces, veth links, the bridge (in a namespace of
# its own: no address, route or rule is added to the host's namespace).
# 10.232.0.0/24 is used by nothing else here (the fault suite's engine takes 10.231.0.0/24, the
# topologies 172.21–23, Docker's defaults 172.17+); override with SWARM_LAB_NET (first three octets).
SWARM_LAB_NET=${SWARM_LAB_NET:-10.232.0}
SWARM_LAB_BRIDGE=${SWARM_LAB_BRIDGE:-swl0}
# The namespace holding the bridge (the lab's switch).
SWARM_LAB_SWITCH=${SWARM_LAB_SWITCH:-swl-switch}
# Under /var/tmp with a name of its own: the engines' data roots must outlive any /tmp clean-up.
SWARM_LAB_DIR=${SWARM_LAB_DIR:-/var/tmp/ollamamax-swarm-lab}
SWARM_LAB_RUN=${SWARM_LAB_RUN:-/run/swarm-lab}
# The overlay networks' pool inside the swarm (also only inside the namespaces).
SWARM_LAB_POOL=${SWARM_LAB_POOL:-10.233.0.0/16}
# Node name → host number in SWARM_LAB_NET. The first is the manager.
SWARM_LAB_NODES=(swl-mgr swl-w1 swl-w2)
swarm_lab_index() { case "$1" in swl-mgr) echo 2 ;; swl-w1) echo 3 ;; swl-w2) echo 4 ;; *) return 1 ;; esac; }
swarm_lab_addr() { echo "$SWARM_LAB_NET.$(swarm_lab_index "$1")"; }
swarm_lab_sock() { echo "$SWARM_LAB_RUN/$1.sock"; }
swarm_lab_docker() { local node=$1; shift; docker -H "unix://$(swarm_lab_sock "$node")" "$@"; }

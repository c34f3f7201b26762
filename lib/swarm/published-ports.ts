// Which ports a Swarm deploy publishes. On one engine a port is bound to its address (127.0.0.1
// unless the file writes one or PANEL_PUBLISH_HOST says otherwise); Swarm's routing mesh cannot
// bind to an address: it publishes on every interface of every node. So the operator's address is
// honoured the only ways Swarm allows: a loopback port is not published (the services still reach
// each other over the overlays, and the panel probes inside the tasks), an unspecified one
// (0.0.0.0, ::) is published through the mesh, and one address of a machine is refused, since
// publishing it everywhere would open more than the file asked for. Pure.
import { BlockList, isIP } from "node:net";
import type { PortMapping, Topology } from "@/lib/compose/types";
import { AppError } from "@/lib/errors";

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

const hostOf = (hostIp: string): string =>
  hostIp
    .trim()
    .replace(/^\[(.*)\]$/, "$1")
    .toLowerCase();

/** Whether a port's address is this machine's loopback (127.0.0.0/8, ::1, localhost). */
export const isLoopbackHost = (hostIp: string): boolean => {
  const host = hostOf(hostIp);
  if (host === "localhost") return true;
  const family = isIP(host);
  return family !== 0 && LOOPBACK.check(host, family === 4 ? "ipv4" : "ipv6");
};

/** Whether a port's address means every interface (what the routing mesh does). */
export const isAnyHost = (hostIp: string): boolean => {
  const host = hostOf(hostIp);
  return host === "" || host === "0.0.0.0" || host === "::" || host === "0:0:0:0:0:0:0:0";
};

export type SwarmPort = { service: string; port: PortMapping };

/** The topology's host ports by what Swarm does with them (ports without a host port are never published). */
export const swarmPortPlan = (topology: Pick<Topology, "services">) => {
  const ports = topology.services.flatMap((service) =>
    service.ports.filter((p) => p.hostPort !== null).map((port) => ({ service: service.name, port })),
  );
  return {
    /** Published through the routing mesh, on every node. */
    mesh: ports.filter((p) => isAnyHost(p.port.hostIp)),
    /** Left unpublished: their address is loopback. */
    loopback: ports.filter((p) => isLoopbackHost(p.port.hostIp)),
    /** Bound to one address of a machine: Swarm cannot honour it. */
    oneAddress: ports.filter((p) => !isAnyHost(p.port.hostIp) && !isLoopbackHost(p.port.hostIp)),
  };
};

/** Whether a service's port goes into its Swarm endpoint spec. */
export const publishedOnSwarm = (port: PortMapping): boolean =>
  port.hostPort !== null && isAnyHost(port.hostIp);

const portText = ({ service, port }: SwarmPort): string =>
  `${service} ${port.hostIp.includes(":") ? `[${port.hostIp}]` : port.hostIp}:${port.hostPort}` +
  (port.protocol === "udp" ? "/udp" : "");

/** The run log's and run page's line for the loopback ports left unpublished (null: none). */
export const unpublishedPortsLine = (topology: Pick<Topology, "services">): string | null => {
  const { loopback } = swarmPortPlan(topology);
  if (loopback.length === 0) return null;
  return (
    `not published on Swarm: ${loopback.map(portText).join(", ")} (their address is loopback, and Swarm ` +
    "publishes on every interface of every node; write 0.0.0.0:PORT in the file or set " +
    "PANEL_PUBLISH_HOST=0.0.0.0 to publish them)"
  );
};

/** Refuses (400, field target) a topology with a port bound to one non-loopback address. */
export const assertSwarmPublishable = (topology: Pick<Topology, "services">): void => {
  const { oneAddress } = swarmPortPlan(topology);
  if (oneAddress.length === 0) return;
  const message =
    `Swarm cannot publish a port on one address: ${oneAddress.map(portText).join(", ")} ` +
    "(its routing mesh publishes on every interface of every node, which would open more than the " +
    "file asks for); write 0.0.0.0:PORT to publish on every node, or 127.0.0.1:PORT to leave the " +
    "port unpublished on Swarm (or set PANEL_PUBLISH_HOST for ports written without an address)";
  throw new AppError("bad_request", `target: ${message}`, [{ path: "target", message }]);
};

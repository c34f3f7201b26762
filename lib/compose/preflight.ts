import { allocationOf } from "./allocation";
import { cidrsOverlap } from "./cidr";
import { portsCollide } from "./checks";
import type { Topology } from "./types";

/** Facts about the Docker host, gathered by the caller (lib/docker); preflight itself does no I/O. */
export type HostFacts = {
  cpus: number;
  memoryBytes: number;
  usedPorts: { hostIp: string; port: number; protocol: string }[];
  networks: { name: string; subnets: string[] }[];
};

/** One thing that would make a deploy fail on this host, with what to do about it. */
export type PreflightProblem = {
  code:
    | "cpu_limit"
    | "memory_limit"
    | "cpu_total"
    | "memory_total"
    | "port_in_use"
    | "subnet_overlap"
    | "network_exists";
  message: string;
  /** What to do about it. */
  fix: string;
  service: string | null;
  network: string | null;
};

/** ok when there are no errors; warnings do not block a deploy. */
export type PreflightResult = { ok: boolean; errors: PreflightProblem[]; warnings: PreflightProblem[] };

const GIB = 1024 ** 3;
const gib = (bytes: number): string => `${(bytes / GIB).toFixed(2).replace(/\.?0+$/, "")} GiB`;

/** Checks a topology against the host: limits vs cores and RAM, ports in use, overlapping subnets. */
export const preflight = ({ topology, host }: { topology: Topology; host: HostFacts }): PreflightResult => {
  const errors: PreflightProblem[] = [];
  const warnings: PreflightProblem[] = [];
  const fitFix =
    'deploy with fit mode "clamp" (lowers only the limits above the host) or "proportional", or lower the limits in the compose file';
  for (const { name, resources } of topology.services) {
    if (resources.cpusLimit !== null && resources.cpusLimit > host.cpus) {
      errors.push({
        code: "cpu_limit",
        service: name,
        network: null,
        message: `${name} is limited to ${resources.cpusLimit} CPUs but the host has ${host.cpus}`,
        fix: `lower deploy.resources.limits.cpus of ${name} to at most ${host.cpus}, or ${fitFix}`,
      });
    }
    if (resources.memoryLimitBytes !== null && resources.memoryLimitBytes > host.memoryBytes) {
      errors.push({
        code: "memory_limit",
        service: name,
        network: null,
        message: `${name} is limited to ${gib(resources.memoryLimitBytes)} but the host has ${gib(host.memoryBytes)}`,
        fix: `lower deploy.resources.limits.memory of ${name}, or ${fitFix}`,
      });
    }
  }
  const total = allocationOf({ services: topology.services });
  // Limits adding up to more than the host is ordinary overcommit: Docker accepts it, the
  // containers share the cores. Only a single limit above the host is refused.
  if (total.cpusLimit > host.cpus) {
    warnings.push({
      code: "cpu_total",
      service: null,
      network: null,
      message: `CPU limits add up to ${total.cpusLimit} but the host has ${host.cpus} CPUs (overcommit: the containers share them)`,
      fix: `nothing needed to deploy; fit mode "proportional" shows the topology on a host of its own size`,
    });
  }
  if (total.memoryLimitBytes > host.memoryBytes) {
    warnings.push({
      code: "memory_total",
      service: null,
      network: null,
      message: `memory limits add up to ${gib(total.memoryLimitBytes)} but the host has ${gib(host.memoryBytes)} (overcommit)`,
      fix: `nothing needed to deploy unless the containers really use it all; fit mode "proportional" scales them into the host`,
    });
  }
  for (const service of topology.services) {
    for (const mapping of service.ports) {
      if (mapping.hostPort === null) continue;
      const port = mapping.hostPort;
      const used = host.usedPorts.find((other) =>
        portsCollide({ a: { ...other, protocol: other.protocol.toLowerCase() }, b: { ...mapping, port } }),
      );
      if (used) {
        errors.push({
          code: "port_in_use",
          service: service.name,
          network: null,
          message: `${service.name} publishes ${mapping.hostIp}:${port}/${mapping.protocol}, already in use on ${used.hostIp}:${used.port}`,
          fix: `stop what uses port ${port} (another topology must be torn down first), or change the host port of ${service.name}`,
        });
      }
    }
  }
  for (const network of topology.networks) {
    if (network.external) continue;
    const existing = host.networks.find((other) => other.name === network.dockerName);
    if (existing) {
      warnings.push({
        code: "network_exists",
        service: null,
        network: network.name,
        message: `network ${network.dockerName} already exists: this topology seems already deployed`,
        fix: "tear the running deployment down first, or deploy over it",
      });
      continue;
    }
    for (const { subnet } of network.subnets) {
      const clash = host.networks.find((other) =>
        other.subnets.some((candidate) => cidrsOverlap({ a: subnet, b: candidate })),
      );
      if (clash) {
        errors.push({
          code: "subnet_overlap",
          service: null,
          network: network.name,
          message: `subnet ${subnet} of ${network.name} overlaps Docker network ${clash.name} (${clash.subnets.join(", ")})`,
          fix: `remove network ${clash.name} (docker network rm ${clash.name}) or change the subnet of ${network.name} under networks.${network.name}.ipam.config`,
        });
      }
    }
  }
  return { ok: errors.length === 0, errors, warnings };
};

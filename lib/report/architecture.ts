// Architecture: the topology's networks (segments) and which services share which, what is
// published on the host, and where the load balancer sends traffic with what weights. Pure.
import type { Network, Service } from "@/lib/compose/types";
import type { ArchitectureSection, LoadBalancerTargets } from "./types";

/** The architecture section from the topology model and the load balancer's targets. */
export const architectureOf = ({
  services,
  networks,
  loadBalancer,
}: {
  services: Service[];
  networks: Network[];
  loadBalancer: LoadBalancerTargets | null;
}): ArchitectureSection => {
  const membersOf = (network: string) =>
    services.filter((s) => s.networks.some((n) => n.name === network)).map((s) => s.name);
  const shared: ArchitectureSection["shared"] = [];
  for (const [i, a] of services.entries())
    for (const b of services.slice(i + 1)) {
      const common = a.networks.map((n) => n.name).filter((n) => b.networks.some((m) => m.name === n));
      if (common.length > 0) shared.push({ services: [a.name, b.name], networks: common });
    }
  return {
    networks: networks.map((n) => ({
      name: n.name,
      driver: n.driver,
      internal: n.internal,
      subnets: n.subnets.map((s) => s.subnet),
      services: membersOf(n.name),
    })),
    shared,
    published: services.flatMap((s) =>
      s.ports.map((p) => ({
        service: s.name,
        hostIp: p.hostIp,
        hostPort: p.hostPort,
        containerPort: p.containerPort,
        protocol: p.protocol,
      })),
    ),
    loadBalancer,
  };
};

/** Each target's share of the traffic by weight, in percent (weights as nginx reads them). */
export const withShares = (
  targets: { service: string; port: number; weight: number }[],
): LoadBalancerTargets["targets"] => {
  const total = targets.reduce((sum, t) => sum + t.weight, 0);
  return targets.map((t) => ({
    ...t,
    sharePct: total > 0 ? Number(((t.weight / total) * 100).toFixed(1)) : 0,
  }));
};

import type { ReachabilityFact } from "./analysis-types";
import type { Service } from "./types";

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Services whose name appears as a host in `service`'s environment values, command or entrypoint
 * ("postgres", "redis://redis:6379", "http://jaeger:14268/…"). A heuristic: it sees what the file
 * says, not what a mounted config file (nginx.conf, prometheus.yml) says.
 */
export const referencedServices = ({ service, names }: { service: Service; names: string[] }): string[] => {
  const texts = [
    ...Object.values(service.environment),
    ...(service.command ?? []),
    ...(service.entrypoint ?? []),
  ];
  return names.filter((name) => {
    if (name === service.name) return false;
    const host = new RegExp(`(^|[^A-Za-z0-9_.-])${escape(name)}(?=[:/]|$)`);
    return texts.some((text) => host.test(text));
  });
};

const networksOf = (service: Service | undefined): string[] =>
  service?.networks.map((network) => network.name) ?? [];

/** Networks two services share. */
export const sharedNetworks = ({ a, b }: { a: Service | undefined; b: Service | undefined }): string[] => {
  const other = new Set(networksOf(b));
  return networksOf(a).filter((name) => other.has(name));
};

/** For every need (depends_on edge or name reference), whether a shared network makes it possible. */
export const reachabilityFacts = ({ services }: { services: Service[] }): ReachabilityFact[] => {
  const byName = new Map(services.map((service) => [service.name, service]));
  const names = services.map((service) => service.name);
  const facts: ReachabilityFact[] = [];
  for (const service of services) {
    const needs = new Map<string, ReachabilityFact["reason"]>();
    for (const dependency of service.dependsOn)
      if (byName.has(dependency.service)) needs.set(dependency.service, "depends_on");
    for (const name of referencedServices({ service, names }))
      if (!needs.has(name)) needs.set(name, "reference");
    for (const [to, reason] of needs) {
      const via = sharedNetworks({ a: service, b: byName.get(to) });
      facts.push({ from: service.name, to, reason, reachable: via.length > 0, via });
    }
  }
  return facts;
};

/** For each service, the services it shares no network with. */
export const isolationOf = ({
  services,
}: {
  services: Service[];
}): { service: string; unreachable: string[] }[] =>
  services.map((service) => ({
    service: service.name,
    unreachable: services
      .filter((other) => other.name !== service.name && sharedNetworks({ a: service, b: other }).length === 0)
      .map((other) => other.name),
  }));

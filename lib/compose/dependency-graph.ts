import type { Service } from "./types";

/** What dependencyLevels reads of a service: Topology services and labelled containers both fit. */
export type DependencyNode = { name: string; dependsOn: { service: string }[] };

/**
 * Dependency level per service: 1 when it depends on nothing, else 1 + its deepest dependency.
 * Unknown services are ignored; a cycle (refused by parseTopology) is cut where it closes.
 * Keys are in the order levels are settled: dependencies before their dependents.
 */
export const dependencyLevels = ({ services }: { services: DependencyNode[] }): Record<string, number> => {
  const byName = new Map(services.map((service) => [service.name, service]));
  const levels: Record<string, number> = {};
  const visiting = new Set<string>();
  const levelOf = (name: string): number => {
    const known = levels[name];
    if (known !== undefined) return known;
    if (visiting.has(name)) return 0;
    visiting.add(name);
    const deps = (byName.get(name)?.dependsOn ?? []).filter((dependency) => byName.has(dependency.service));
    const level = 1 + Math.max(0, ...deps.map((dependency) => levelOf(dependency.service)));
    visiting.delete(name);
    levels[name] = level;
    return level;
  };
  for (const service of services) levelOf(service.name);
  return levels;
};

/**
 * The longest chain through depends_on, weighted by each service's ready time: a service is ready
 * at (latest ready time of its dependencies) + its own ready time. Ties go to file order.
 */
export const longestChain = ({
  services,
  weightMs,
}: {
  services: Service[];
  weightMs: (name: string) => number;
}): { services: string[]; totalMs: number } => {
  const byName = new Map(services.map((service) => [service.name, service]));
  const finish = new Map<string, { totalMs: number; previous: string | null }>();
  const visiting = new Set<string>();
  const finishOf = (name: string): number => {
    const known = finish.get(name);
    if (known) return known.totalMs;
    if (visiting.has(name)) return 0;
    visiting.add(name);
    let previous: string | null = null;
    let start = 0;
    for (const dependency of byName.get(name)?.dependsOn ?? []) {
      if (!byName.has(dependency.service)) continue;
      const ready = finishOf(dependency.service);
      if (ready > start) {
        start = ready;
        previous = dependency.service;
      }
    }
    visiting.delete(name);
    const totalMs = start + weightMs(name);
    finish.set(name, { totalMs, previous });
    return totalMs;
  };
  let end: string | null = null;
  let best = -1;
  for (const service of services) {
    const total = finishOf(service.name);
    if (total > best) {
      best = total;
      end = service.name;
    }
  }
  const chain: string[] = [];
  for (let at = end; at !== null; at = finish.get(at)?.previous ?? null) chain.unshift(at);
  return { services: chain, totalMs: Math.max(best, 0) };
};

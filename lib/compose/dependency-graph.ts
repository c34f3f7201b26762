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

/** One link of the critical path: when the service starts and is ready, ms from the deploy's start. */
export type ChainLink = { service: string; startMs: number; readyMs: number };

/**
 * The longest chain through depends_on. A service starts once every dependency meets its condition
 * and is ready `weightMs` later. `service_healthy` and `service_completed_successfully` wait for
 * the dependency to be ready (a job: to exit); `service_started` only for it to be running, which
 * is `startedAfterMs` after its own start. The chain follows, from the latest-ready service back,
 * the dependency that released each start; a dependency that takes 0 ms still counts as a link (a
 * start at 0 is released by it all the same). Ties go to file order.
 */
export const longestChain = ({
  services,
  weightMs,
  startedAfterMs,
}: {
  services: Service[];
  weightMs: (name: string) => number;
  startedAfterMs: (name: string) => number;
}): { services: string[]; totalMs: number; links: ChainLink[] } => {
  const byName = new Map(services.map((service) => [service.name, service]));
  const timing = new Map<string, ChainLink & { previous: string | null }>();
  const visiting = new Set<string>();
  const timingOf = (name: string): ChainLink & { previous: string | null } => {
    const known = timing.get(name);
    if (known) return known;
    // A cycle (refused by parseTopology) is cut where it closes.
    if (visiting.has(name)) return { service: name, startMs: 0, readyMs: 0, previous: null };
    visiting.add(name);
    let previous: string | null = null;
    let startMs = 0;
    for (const dependency of byName.get(name)?.dependsOn ?? []) {
      if (!byName.has(dependency.service)) continue;
      const before = timingOf(dependency.service);
      const metMs =
        dependency.condition === "service_started"
          ? before.startMs + startedAfterMs(dependency.service)
          : before.readyMs;
      if (previous === null || metMs > startMs) {
        startMs = Math.max(startMs, metMs);
        previous = dependency.service;
      }
    }
    visiting.delete(name);
    const link = { service: name, startMs, readyMs: startMs + weightMs(name), previous };
    timing.set(name, link);
    return link;
  };
  let end: (ChainLink & { previous: string | null }) | null = null;
  for (const service of services) {
    const link = timingOf(service.name);
    if (end === null || link.readyMs > end.readyMs) end = link;
  }
  const links: ChainLink[] = [];
  for (let at = end; at !== null; at = at.previous === null ? null : (timing.get(at.previous) ?? null))
    links.unshift({ service: at.service, startMs: at.startMs, readyMs: at.readyMs });
  return { services: links.map((link) => link.service), totalMs: end?.readyMs ?? 0, links };
};

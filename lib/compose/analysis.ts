import { allocationOf } from "./allocation";
import type { Phase, TopologyAnalysis } from "./analysis-types";
import { dependencyLevels, longestChain } from "./dependency-graph";
import { isolationOf, reachabilityFacts } from "./reachability";
import type { DependencyCondition, Service, Topology } from "./types";

/**
 * Expected ready time of a service without a health check: it counts as ready once running,
 * which takes about this long for a container whose image is present.
 */
export const NO_HEALTHCHECK_READY_MS = 2_000;

/** Options of analyzeTopology. */
export type AnalyzeTopologyOptions = {
  topology: Topology;
  /** Median measured ready time per service from past runs; wins over the start period. */
  measuredReadyMs?: Record<string, number>;
};

/**
 * The start phases of `services`: by `x-phase`, else by dependency level. All deploy planning
 * needs of the analysis; `levels` may be passed when already computed.
 */
export const topologyPhases = ({
  services,
  levels = dependencyLevels({ services }),
}: {
  services: Service[];
  levels?: Record<string, number>;
}): Phase[] => {
  const named = new Map<string, Service[]>();
  const byLevel = new Map<number, Service[]>();
  for (const service of services) {
    if (service.phase !== null) named.set(service.phase, [...(named.get(service.phase) ?? []), service]);
    else {
      const level = levels[service.name] ?? 1;
      byLevel.set(level, [...(byLevel.get(level) ?? []), service]);
    }
  }
  const phase = (name: string, source: Phase["source"], members: Service[]): Phase => ({
    name,
    source,
    services: members.map((service) => service.name),
    allocation: allocationOf({ services: members }),
  });
  return [
    ...[...named].map(([name, members]) => phase(name, "x-phase", members)),
    ...[...byLevel]
      .sort(([a], [b]) => a - b)
      .map(([level, members]) => phase(`Level ${level}`, "level", members)),
  ];
};

/** Measures a topology: networks and members, dependencies, depth, phases, critical path, allocation, reachability. */
export const analyzeTopology = ({
  topology,
  measuredReadyMs = {},
}: AnalyzeTopologyOptions): TopologyAnalysis => {
  const { services } = topology;
  const levels = dependencyLevels({ services });
  const edges = services.flatMap((service) =>
    service.dependsOn.map((dependency) => ({
      from: service.name,
      to: dependency.service,
      condition: dependency.condition,
      required: dependency.required,
    })),
  );
  const byCondition: Record<DependencyCondition, number> = {
    service_started: 0,
    service_healthy: 0,
    service_completed_successfully: 0,
  };
  for (const edge of edges) byCondition[edge.condition] += 1;

  const readyMs: TopologyAnalysis["criticalPath"]["readyMs"] = {};
  for (const service of services) {
    const measured = measuredReadyMs[service.name];
    readyMs[service.name] =
      measured !== undefined
        ? { ms: measured, source: "measured" }
        : service.healthcheck
          ? { ms: service.healthcheck.startPeriodMs, source: "start_period" }
          : { ms: NO_HEALTHCHECK_READY_MS, source: "no_healthcheck" };
  }
  const chain = longestChain({ services, weightMs: (name) => readyMs[name]?.ms ?? NO_HEALTHCHECK_READY_MS });

  return {
    project: topology.project,
    services: services.map((service) => service.name),
    networks: topology.networks.map((network) => ({
      name: network.name,
      dockerName: network.dockerName,
      subnets: network.subnets.map((subnet) => subnet.subnet),
      members: services
        .filter((service) => service.networks.some((joined) => joined.name === network.name))
        .map((service) => service.name),
    })),
    dualHomed: services
      .filter((service) => service.networks.length > 1)
      .map((service) => ({
        service: service.name,
        networks: service.networks.map((network) => network.name),
      })),
    relationships: { count: edges.length, edges, byCondition },
    levels,
    maxDepth: Math.max(0, ...Object.values(levels)),
    phases: topologyPhases({ services, levels }),
    criticalPath: { ...chain, readyMs },
    allocation: allocationOf({ services }),
    isolation: isolationOf({ services }),
    reachability: reachabilityFacts({ services }),
  };
};

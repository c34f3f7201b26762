import { allocationOf } from "./allocation";
import type { Phase, TopologyAnalysis } from "./analysis-types";
import { dependencyLevels, longestChain } from "./dependency-graph";
import { isolationOf, reachabilityFacts } from "./reachability";
import { NO_HEALTHCHECK_READY_MS, oneShotJobs, readyWeightOf } from "./ready-weights";
import type { MeasuredReady } from "./ready-weights";
import type { DependencyCondition, Service, Topology } from "./types";

/** Options of analyzeTopology. */
export type AnalyzeTopologyOptions = {
  topology: Topology;
  /**
   * Median measured start → ready (a job: start → exit 0) per service over the topology's past
   * healthy deploys, with how many runs it is the median of; wins over the file's health check.
   */
  measuredReady?: Record<string, MeasuredReady>;
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
  measuredReady = {},
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

  const jobs = oneShotJobs({ services });
  const readyMs: TopologyAnalysis["criticalPath"]["readyMs"] = {};
  for (const service of services)
    readyMs[service.name] = readyWeightOf({
      service,
      oneShot: jobs.has(service.name),
      measured: measuredReady[service.name],
    });
  const weightMs = (name: string) => readyMs[name]?.ms ?? NO_HEALTHCHECK_READY_MS;
  // Running (what service_started waits for) comes after the start cost, or sooner when the
  // whole ready time is shorter.
  const startedAfterMs = (name: string) => Math.min(weightMs(name), NO_HEALTHCHECK_READY_MS);
  const chain = longestChain({ services, weightMs, startedAfterMs });

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

// Pure: which service starts after what, for each strategy. The orchestrator only executes gates.
import { topologyPhases } from "@/lib/compose";
import type { DependencyCondition, Service, Topology } from "@/lib/compose/types";
import { AppError } from "@/lib/errors";
import type { Strategy } from "./types";

/** A service may start once `service` reached `until` (started = running, ready = healthy or running without a check). */
export type Gate = { service: string; until: "started" | "ready" | "completed" };

export type PlanStep = { service: string; phase: number; after: Gate[] };

export type DeployPlan = {
  strategy: Strategy;
  phases: { name: string; services: string[] }[];
  /** In the order the services are started when nothing else decides. */
  steps: PlanStep[];
  /** Services others wait on to exit 0 (`service_completed_successfully`): an exit is their success. */
  oneShots: string[];
};

export type PlanDeployOptions = {
  topology: Pick<Topology, "services" | "project" | "mountedReferences">;
  strategy: Strategy;
};

/** Whether `from` depends on `to`, directly or through others. */
const dependsOnTransitively = (services: Service[], from: string, to: string): boolean => {
  const byName = new Map(services.map((service) => [service.name, service]));
  const seen = new Set<string>();
  const walk = (name: string): boolean =>
    (byName.get(name)?.dependsOn ?? []).some(
      (d) => d.service === to || (!seen.has(d.service) && (seen.add(d.service), walk(d.service))),
    );
  return walk(from);
};

/**
 * dag only: a service whose mounted config names other services waits until they are started
 * (nginx refuses unresolvable upstreams), unless that would close a dependency cycle.
 */
const referenceGates = (topology: PlanDeployOptions["topology"], service: Service): Gate[] =>
  (topology.mountedReferences?.[service.name] ?? [])
    .filter((other) => !dependsOnTransitively(topology.services, other, service.name))
    .filter((other) => !service.dependsOn.some((d) => d.service === other))
    .map((other) => ({ service: other, until: "started" as const }));

const UNTIL: Record<DependencyCondition, Gate["until"]> = {
  service_started: "started",
  service_healthy: "ready",
  service_completed_successfully: "completed",
};

const dependencyGates = (service: Service, known: Set<string>): Gate[] =>
  service.dependsOn
    .filter((dependency) => known.has(dependency.service))
    .map((dependency) => ({ service: dependency.service, until: UNTIL[dependency.condition] }));

/** Topological order; among services whose dependencies are placed, the lowest key goes first. */
export const dependencyOrder = ({
  services,
  key,
}: {
  services: Service[];
  key: (service: Service) => number[];
}): Service[] => {
  const known = new Set(services.map((service) => service.name));
  const placed = new Set<string>();
  const order: Service[] = [];
  const compare = (a: Service, b: Service): number => {
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < Math.max(ka.length, kb.length); i += 1) {
      const diff = (ka[i] ?? 0) - (kb[i] ?? 0);
      if (diff !== 0) return diff;
    }
    return 0;
  };
  while (order.length < services.length) {
    const next = services
      .filter((service) => !placed.has(service.name))
      .filter((service) => service.dependsOn.every((d) => !known.has(d.service) || placed.has(d.service)))
      .sort(compare)[0];
    if (!next) {
      const stuck = services.filter((service) => !placed.has(service.name)).map((service) => service.name);
      throw new AppError(
        "bad_request",
        `The dependencies of ${stuck.join(", ")} form a cycle: remove one depends_on.`,
      );
    }
    placed.add(next.name);
    order.push(next);
  }
  return order;
};

/** The start plan of a topology under a strategy. Throws (bad_request) when phases contradict dependencies. */
export const planDeploy = ({ topology, strategy }: PlanDeployOptions): DeployPlan => {
  const { services } = topology;
  const known = new Set(services.map((service) => service.name));
  const fileIndex = new Map(services.map((service, index) => [service.name, index]));
  const phases = topologyPhases({ services }).map((phase) => ({
    name: phase.name,
    services: phase.services,
  }));
  const phaseOf = new Map(
    phases.flatMap((phase, index) => phase.services.map((name) => [name, index] as const)),
  );
  const oneShots = [
    ...new Set(
      services.flatMap((service) =>
        service.dependsOn
          .filter((d) => d.condition === "service_completed_successfully")
          .map((d) => d.service),
      ),
    ),
  ];
  for (const service of services) {
    for (const dependency of service.dependsOn) {
      const mine = phaseOf.get(service.name) ?? 0;
      const theirs = phaseOf.get(dependency.service);
      if (theirs !== undefined && theirs > mine && strategy === "phased") {
        throw new AppError(
          "bad_request",
          `${service.name} (phase "${phases[mine]?.name}") depends on ${dependency.service} of the later phase ` +
            `"${phases[theirs]?.name}": move one of them (x-phase) or deploy with the dag strategy.`,
        );
      }
    }
  }
  const named = services.some((service) => service.phase !== null);
  const order = dependencyOrder({
    services,
    key: (service) => [named ? (phaseOf.get(service.name) ?? 0) : 0, fileIndex.get(service.name) ?? 0],
  });

  if (strategy === "sequential") {
    return {
      strategy,
      phases: order.map((service) => ({ name: service.name, services: [service.name] })),
      steps: order.map((service, index) => {
        const previous = order[index - 1];
        return {
          service: service.name,
          phase: index,
          after: [
            ...(previous ? [{ service: previous.name, until: "ready" as const }] : []),
            ...dependencyGates(service, known),
          ],
        };
      }),
      oneShots,
    };
  }
  const steps = order.map((service) => {
    const phase = phaseOf.get(service.name) ?? 0;
    const previousPhase = strategy === "phased" && phase > 0 ? (phases[phase - 1]?.services ?? []) : [];
    return {
      service: service.name,
      phase,
      after: [
        ...previousPhase.map((name) => ({ service: name, until: "ready" as const })),
        ...dependencyGates(service, known),
        ...(strategy === "dag" ? referenceGates(topology, service) : []),
      ],
    };
  });
  return { strategy, phases, steps, oneShots };
};

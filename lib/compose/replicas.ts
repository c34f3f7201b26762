// Single-engine replicas, as Compose v2 runs them: a service with `deploy.replicas: N` (or
// `scale: N`) becomes N containers named `<project>-<service>-<i>` (project-name.ts's
// containerNameOf), labelled with the compose service and their number, each answering to the
// service's name on its networks (Docker's DNS round-robins among them). The deploy sees each
// replica as a service of its own (`<service>-<i>`), so the plan, timings, charts and teardown
// treat it like any other; whatever depended on the service waits for every replica.
import { AppError } from "@/lib/errors";
import type { Service, Topology } from "./types";

/** How many containers a service runs on one engine (deploy.replicas or scale; one when unset). */
export const replicaCountOf = (service: Pick<Service, "swarm">): number => service.swarm?.replicas ?? 1;

/** The deploy's name of replica `number` of `service` ("worker" 2 → "worker-2"). */
const replicaName = (service: string, number: number): string => `${service}-${number}`;

/**
 * The topology with each replicated service replaced by its replicas (services of replicas 1 are
 * unchanged, replicas 0 leave the service out as Compose creates no container). Throws a 400 when a
 * replicated service sets container_name (Compose refuses it too) or a replica's name is another
 * service's.
 */
export const expandReplicas = <T extends Pick<Topology, "services" | "mountedReferences">>({
  topology,
}: {
  topology: T;
}): T => {
  const counts = new Map(topology.services.map((s) => [s.name, replicaCountOf(s)]));
  if ([...counts.values()].every((count) => count === 1)) return topology;
  const names = new Set(topology.services.map((s) => s.name));
  const instancesOf = (name: string): string[] => {
    const count = counts.get(name);
    if (count === undefined || count === 1) return [name];
    return Array.from({ length: count }, (_, index) => replicaName(name, index + 1));
  };
  for (const service of topology.services) {
    const count = counts.get(service.name) ?? 1;
    if (count <= 1) continue;
    if (service.containerName !== null)
      throw new AppError(
        "bad_request",
        `services.${service.name} (line ${service.line}) sets container_name ${service.containerName} and ${count} replicas: one name cannot name ${count} containers; remove container_name (Compose refuses it too).`,
        { field: `services.${service.name}.container_name` },
      );
    const taken = instancesOf(service.name).find((instance) => names.has(instance));
    if (taken)
      throw new AppError(
        "bad_request",
        `services.${service.name} (line ${service.line}) runs ${count} replicas, named ${instancesOf(service.name).join(", ")} in the deploy, but the file already has a service ${taken}: rename one of them.`,
        { field: `services.${service.name}` },
      );
  }
  const services = topology.services.flatMap((service): Service[] => {
    const dependsOn = service.dependsOn.flatMap((dependency) =>
      instancesOf(dependency.service).map((instance) => ({ ...dependency, service: instance })),
    );
    const count = counts.get(service.name) ?? 1;
    if (count === 1) return [{ ...service, dependsOn }];
    return Array.from({ length: count }, (_, index): Service => {
      const number = index + 1;
      const name = replicaName(service.name, number);
      return {
        ...service,
        name,
        dependsOn,
        replica: { service: service.name, number },
        // The service's aliases (its name first) stay, so DNS answers every replica; the replica's
        // own name is added so what the panel addresses by service name (upstreams, probes) resolves.
        networks: service.networks.map((network) => ({
          ...network,
          aliases: [...network.aliases, name],
        })),
      };
    });
  });
  const references = topology.mountedReferences;
  return {
    ...topology,
    services,
    ...(references
      ? {
          mountedReferences: Object.fromEntries(
            Object.entries(references).flatMap(([service, named]) =>
              instancesOf(service).map((instance) => [instance, named.flatMap(instancesOf)]),
            ),
          ),
        }
      : {}),
  };
};

/** expandReplicas for display (a cluster's view): a file whose replicas a deploy refuses is shown as written. */
export const replicasForDisplay = <T extends Pick<Topology, "services" | "mountedReferences">>({
  topology,
}: {
  topology: T;
}): T => {
  try {
    return expandReplicas({ topology });
  } catch {
    return topology;
  }
};

// A topology in Swarm's terms, pure: each service a Swarm service (its image, environment, command,
// health check, replicas, placement, limits and reservations, networks with the service name as
// alias), each network an attachable overlay with the topology's subnets, each named volume a
// volume Swarm creates on whichever node runs the task (a volume is per node: see docs/SWARM-LAB.md).
import type Docker from "dockerode";
import type { Network, Service, Topology } from "@/lib/compose/types";
import { engineHealthcheck } from "@/lib/docker/container-spec";
import { LABEL } from "@/lib/docker/labels";
import { publishedOnSwarm } from "./published-ports";

/** Swarm's own stack label: `docker stack ps <project>` lists what the panel deployed. */
export const STACK_LABEL = "com.docker.stack.namespace";

/** The labels of every object of a Swarm deploy: the project (Compose's and the stack's), the run. */
export const swarmLabels = ({
  project,
  runId,
}: {
  project: string;
  runId: string;
}): Record<string, string> => ({
  [LABEL.project]: project,
  [STACK_LABEL]: project,
  [LABEL.runId]: runId,
  [LABEL.managed]: "true",
});

/** `<project>_<service>`, as `docker stack deploy` names a service. */
export const swarmServiceName = ({ project, service }: { project: string; service: string }): string =>
  `${project}_${service}`;

const NANO = 1e9;

const resourcesOf = (service: Service): Docker.TaskSpec["Resources"] => {
  const r = service.resources;
  const pair = (cpus: number | null, bytes: number | null) => ({
    ...(cpus !== null ? { NanoCPUs: Math.round(cpus * NANO) } : {}),
    ...(bytes !== null ? { MemoryBytes: bytes } : {}),
  });
  return {
    Limits: pair(r.cpusLimit, r.memoryLimitBytes),
    Reservations: pair(r.cpusReservation, r.memoryReservationBytes),
  };
};

/** Compose's restart policy as Swarm's: "no" never restarts; the rest restart (and reschedule). */
const restartOf = (service: Service): { Condition: "none" | "on-failure" | "any" } => ({
  Condition: service.restart === "no" ? "none" : service.restart === "on-failure" ? "on-failure" : "any",
});

const mountsOf = (
  topology: Topology,
  service: Service,
  labels: Record<string, string>,
): Docker.MountSettings[] =>
  service.volumes.map((mount): Docker.MountSettings => {
    if (mount.type === "bind")
      return { Type: "bind" as const, Source: mount.source, Target: mount.target, ReadOnly: mount.readOnly };
    if (mount.type === "tmpfs") return { Type: "tmpfs" as const, Source: "", Target: mount.target };
    const named = topology.volumes.find((v) => v.name === mount.source);
    return {
      Type: "volume" as const,
      Source: named?.dockerName ?? mount.source ?? "",
      Target: mount.target,
      ReadOnly: mount.readOnly,
      // Swarm creates the volume on the task's node with these labels, so teardown finds it there.
      VolumeOptions:
        named && !named.external
          ? {
              NoCopy: false,
              Labels: { ...labels, [LABEL.volume]: named.name },
              DriverConfig: { Name: named.driver, Options: {} },
            }
          : undefined,
    };
  });

export type SwarmServiceSpecOptions = { topology: Topology; service: Service; runId: string };

/** The Engine's service spec for one topology service. */
export const swarmServiceSpec = ({
  topology,
  service,
  runId,
}: SwarmServiceSpecOptions): Docker.CreateServiceOptions => {
  const labels = swarmLabels({ project: topology.project, runId });
  const serviceLabels = { ...labels, [LABEL.service]: service.name };
  const placement = service.swarm ?? { replicas: null, constraints: [], spread: [] };
  const network = (name: string) => topology.networks.find((n) => n.name === name)?.dockerName ?? name;
  return {
    Name: swarmServiceName({ project: topology.project, service: service.name }),
    Labels: { ...service.labels, ...serviceLabels },
    TaskTemplate: {
      ContainerSpec: {
        Image: service.image,
        ...(service.entrypoint ? { Command: service.entrypoint } : {}),
        ...(service.command ? { Args: service.command } : {}),
        Env: Object.entries(service.environment).map(([key, value]) => `${key}=${value}`),
        Labels: { ...service.labels, ...serviceLabels },
        Mounts: mountsOf(topology, service, labels),
        HealthCheck: engineHealthcheck(service),
        ...(service.workingDir ? { Dir: service.workingDir } : {}),
      },
      Resources: resourcesOf(service),
      RestartPolicy: restartOf(service),
      Placement: {
        Constraints: placement.constraints,
        Preferences: placement.spread.map((descriptor) => ({ Spread: { SpreadDescriptor: descriptor } })),
      },
      Networks: service.networks.map((n) => ({ Target: network(n.name), Aliases: n.aliases })),
    },
    Mode: { Replicated: { Replicas: placement.replicas ?? 1 } },
    // The routing mesh publishes on every interface of every node: only the ports the file (or
    // PANEL_PUBLISH_HOST) gives no address, never a loopback one (published-ports.ts).
    EndpointSpec: {
      Ports: service.ports.filter(publishedOnSwarm).map((p) => ({
        Protocol: p.protocol,
        TargetPort: p.containerPort,
        PublishedPort: p.hostPort ?? undefined,
      })),
    },
  };
};

/** An attachable overlay network with the topology's subnets (the panel can attach probes to it). */
export const swarmNetworkSpec = ({
  project,
  network,
  runId,
}: {
  project: string;
  network: Network;
  runId: string;
}): Docker.NetworkCreateOptions => ({
  Name: network.dockerName,
  Driver: "overlay",
  Attachable: true,
  CheckDuplicate: true,
  Internal: network.internal,
  Labels: { ...network.labels, ...swarmLabels({ project, runId }), [LABEL.network]: network.name },
  ...(network.subnets.length > 0
    ? {
        IPAM: {
          Driver: "default",
          Config: network.subnets.map((s) => ({
            Subnet: s.subnet,
            ...(s.gateway ? { Gateway: s.gateway } : {}),
          })),
        },
      }
    : {}),
});

// Everything of a Compose project on this engine, found by label (also after a panel restart).
import type Docker from "dockerode";
import { getDocker } from "./client";
import { LABEL, managedProjectFilter, projectFilter, serviceLabelOf } from "./labels";

export type ProjectContainer = {
  id: string;
  name: string;
  service: string;
  state: string;
  status: string;
  runId: string | null;
  dependsOn: string[];
  labels: Record<string, string>;
  ports: Docker.Port[];
  /** IDs of the networks the container is attached to (a network can go once all of its are gone). */
  networkIds: string[];
};

export type ProjectObjects = {
  containers: ProjectContainer[];
  networks: { id: string; name: string; runId: string | null }[];
  volumes: { name: string; runId: string | null }[];
};

const projectContainerOf = (container: Docker.ContainerInfo): ProjectContainer => ({
  id: container.Id,
  name: (container.Names[0] ?? container.Id).replace(/^\//, ""),
  service: serviceLabelOf(container.Labels) ?? "",
  state: container.State,
  status: container.Status,
  runId: container.Labels[LABEL.runId] ?? null,
  dependsOn: (container.Labels[LABEL.dependsOn] ?? "").split(",").filter(Boolean),
  labels: container.Labels,
  ports: container.Ports,
  networkIds: Object.values(container.NetworkSettings?.Networks ?? {})
    .map((network) => network.NetworkID)
    .filter(Boolean),
});

/** The project's containers (running or not), of one service when given: one Engine call. */
export const findProjectContainers = async ({
  project,
  service,
  managedOnly = false,
}: {
  project: string;
  service?: string;
  /** Only the containers the panel created (managedProjectFilter), not others of the same Compose project. */
  managedOnly?: boolean;
}): Promise<ProjectContainer[]> => {
  // A replica's name ("worker-2") is no Compose label value: one service is picked after listing.
  const filters = managedOnly ? managedProjectFilter(project) : projectFilter(project);
  const listed = await getDocker().listContainers({ all: true, filters });
  const containers = listed.map(projectContainerOf);
  return service === undefined ? containers : containers.filter((c) => c.service === service);
};

/**
 * All containers (running or not), networks and volumes carrying the project's Compose label.
 * `containers`: the project's containers when the caller has just listed them (not listed again).
 */
export const findProjectObjects = async ({
  project,
  containers: listed,
}: {
  project: string;
  containers?: ProjectContainer[];
}): Promise<ProjectObjects> => {
  const docker = getDocker();
  const filters = projectFilter(project);
  const [containers, networks, volumes] = await Promise.all([
    listed ?? findProjectContainers({ project }),
    docker.listNetworks({ filters }),
    docker.listVolumes({ filters }),
  ]);
  return {
    containers,
    networks: networks.map((network) => ({
      id: network.Id,
      name: network.Name,
      runId: network.Labels?.[LABEL.runId] ?? null,
    })),
    volumes: (volumes.Volumes ?? []).map((volume) => ({
      name: volume.Name,
      runId: (volume.Labels as Record<string, string> | null)?.[LABEL.runId] ?? null,
    })),
  };
};

export type ManagedObject = {
  kind: "container" | "network" | "volume";
  name: string;
  project: string;
  runId: string | null;
  /** Containers: Docker's state (running, exited, created…); null for networks and volumes. */
  state: string | null;
  service: string | null;
};

/** Every container, network and volume the panel created on this engine (label org.ollamamax.managed). */
export const findManagedObjects = async (): Promise<ManagedObject[]> => {
  const docker = getDocker();
  const filters = { label: [`${LABEL.managed}=true`] };
  const [containers, networks, volumes] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listNetworks({ filters }),
    docker.listVolumes({ filters }),
  ]);
  const of = (labels: Record<string, string> | null | undefined) => ({
    project: labels?.[LABEL.project] ?? "",
    runId: labels?.[LABEL.runId] ?? null,
  });
  return [
    ...containers.map((c) => ({
      kind: "container" as const,
      name: (c.Names[0] ?? c.Id).replace(/^\//, ""),
      ...of(c.Labels),
      state: c.State,
      service: serviceLabelOf(c.Labels) ?? null,
    })),
    ...networks.map((n) => ({
      kind: "network" as const,
      name: n.Name,
      ...of(n.Labels),
      state: null,
      service: null,
    })),
    ...(volumes.Volumes ?? []).map((v) => ({
      kind: "volume" as const,
      name: v.Name,
      ...of(v.Labels as Record<string, string> | null),
      state: null,
      service: null,
    })),
  ];
};

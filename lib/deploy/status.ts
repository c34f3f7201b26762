// What runs of a project right now, by service, from Docker itself (not from the panel's records).
import { inspectContainer } from "@/lib/docker/containers";
import { imageIdOf } from "@/lib/docker/images";
import { findProjectObjects, type ProjectContainer } from "@/lib/docker/project-objects";
import { projectLockHolder } from "./lock";
import type { ProjectLockHolder } from "./lock";

export type ServiceStatus = {
  service: string;
  container: string;
  id: string;
  image: string;
  /** Docker's state: created, running, restarting, exited, … */
  state: string;
  /** Docker's health: starting, healthy, unhealthy, or null without a health check. */
  health: string | null;
  ports: { hostIp: string; hostPort: number; containerPort: number; protocol: string }[];
  startedAt: string | null;
  uptimeMs: number | null;
  runId: string | null;
  /**
   * The running container's image ID and the one its tag names on the engine now (after a pull or
   * build since it started they differ: `imageOutdated`). null when the tag names no image now.
   */
  imageId: string | null;
  taggedImageId: string | null;
  /** A newer image stands under the container's tag than the one it runs: redeploy to use it. */
  imageOutdated: boolean;
};

/** Whether a container runs an older image than its tag now names (false when either is unknown). */
export const isImageOutdated = ({
  imageId,
  taggedImageId,
}: {
  imageId: string | null;
  taggedImageId: string | null;
}): boolean => imageId !== null && taggedImageId !== null && imageId !== taggedImageId;

export type ClusterStatus = {
  project: string;
  services: ServiceStatus[];
  networks: string[];
  volumes: string[];
  /** The deploy or teardown holding the project right now, if any. */
  activeRun: ProjectLockHolder | null;
};

/**
 * The project's containers with state, health, ports and uptime, its networks and volumes.
 * `containers`: the project's containers as the caller has just listed them, so a poll lists once.
 */
export const clusterStatus = async ({
  project,
  containers,
}: {
  project: string;
  containers?: ProjectContainer[];
}): Promise<ClusterStatus> => {
  const objects = await findProjectObjects({ project, containers });
  // One image inspect per tag, however many containers run it.
  const tagged = new Map<string, Promise<string | null>>();
  const taggedIdOf = (image: string): Promise<string | null> => {
    if (!image) return Promise.resolve(null);
    const known = tagged.get(image) ?? imageIdOf({ image }).catch(() => null);
    tagged.set(image, known);
    return known;
  };
  const services = await Promise.all(
    objects.containers.map(async (container): Promise<ServiceStatus> => {
      const info = await inspectContainer({ id: container.id });
      const running = info?.State.Running ?? false;
      const startedAt = info && running ? info.State.StartedAt : null;
      const image = info?.Config.Image ?? "";
      const imageId = info?.Image ?? null;
      const taggedImageId = await taggedIdOf(image);
      return {
        service: container.service,
        container: container.name,
        id: container.id,
        image,
        imageId,
        taggedImageId,
        imageOutdated: isImageOutdated({ imageId, taggedImageId }),
        state: info?.State.Status ?? container.state,
        health: info?.State.Health?.Status ?? null,
        ports: container.ports
          .filter((port) => port.PublicPort !== undefined)
          .map((port) => ({
            hostIp: port.IP ?? "",
            hostPort: port.PublicPort,
            containerPort: port.PrivatePort,
            protocol: port.Type,
          })),
        startedAt,
        uptimeMs: startedAt ? Date.now() - Date.parse(startedAt) : null,
        runId: container.runId,
      };
    }),
  );
  return {
    project,
    services: services.sort((a, b) => a.service.localeCompare(b.service)),
    networks: objects.networks.map((network) => network.name),
    volumes: objects.volumes.map((volume) => volume.name),
    activeRun: projectLockHolder({ project }) ?? null,
  };
};

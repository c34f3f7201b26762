// The least any client can ask of the Engine to take a project down: every container force-removed
// at once (SIGKILL, no grace period, one call each), each network removed as soon as its containers
// are gone. No orderly teardown can finish sooner on the same engine, so it is the floor the
// panel's teardown and `docker-compose down` are both measured against.
import { getDocker } from "@/lib/docker/client";
import { findProjectObjects } from "@/lib/docker/project-objects";

/** Milliseconds from the first call to the last network gone; null when something was left. */
export const engineFloorTeardown = async ({ project }: { project: string }): Promise<number | null> => {
  const docker = getDocker();
  const objects = await findProjectObjects({ project });
  const began = performance.now();
  const removals = new Map(
    objects.containers.map((container) => [
      container.id,
      docker.getContainer(container.id).remove({ force: true }) as Promise<unknown>,
    ]),
  );
  await Promise.all([
    ...removals.values(),
    ...objects.networks.map(async (network) => {
      const attached = objects.containers.filter((container) => container.networkIds.includes(network.id));
      await Promise.all(attached.map((container) => removals.get(container.id)));
      await docker.getNetwork(network.id).remove();
    }),
  ]);
  const ms = performance.now() - began;
  const left = await findProjectObjects({ project });
  return left.containers.length + left.networks.length === 0 ? ms : null;
};

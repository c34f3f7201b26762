// Creating, starting, inspecting and removing a service's container.
import type Docker from "dockerode";
import { getDocker } from "./client";
import { containerSpec, endpointSettings } from "./container-spec";
import type { ContainerSpecOptions } from "./container-spec";
import { dockerStatusCode, isNotFound } from "./docker-error";

export type CreateServiceContainerOptions = ContainerSpecOptions & {
  /** Called as soon as the Engine has created it (before the extra networks are joined). */
  onCreated?: () => void;
};

export type CreatedContainer = { id: string; name: string };

/**
 * Creates the container on its first network (with aliases), then joins the others with their
 * aliases before it starts, so every name resolves from the container's first instruction.
 */
export const createServiceContainer = async (
  options: CreateServiceContainerOptions,
): Promise<CreatedContainer> => {
  const docker = getDocker();
  const spec = containerSpec(options);
  const container = await docker.createContainer(spec.create);
  // Created now, by Docker's clock too: joining the other networks is part of starting it.
  options.onCreated?.();
  for (const network of spec.extraNetworks) {
    await docker.getNetwork(network.dockerName).connect({
      Container: container.id,
      EndpointConfig: endpointSettings(network),
    });
  }
  return { id: container.id, name: spec.name };
};

/** Starts a created container. */
export const startContainer = async ({ id }: { id: string }): Promise<void> => {
  await getDocker().getContainer(id).start();
};

/** The Engine's view of a container, or null when it no longer exists. */
export const inspectContainer = async ({
  id,
}: {
  id: string;
}): Promise<Docker.ContainerInspectInfo | null> => {
  try {
    return await getDocker().getContainer(id).inspect();
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
};

export type RemoveContainerOptions = {
  id: string;
  /**
   * Seconds to wait for a graceful stop before SIGKILL; 0 kills at once; undefined: the
   * container's own stop_grace_period (its StopTimeout), else Docker's 10 s, as Compose stops it.
   */
  stopTimeoutSeconds: number | undefined;
};

/** Stops (gracefully when asked) and removes a container; a missing one counts as removed. */
export const removeContainer = async ({ id, stopTimeoutSeconds }: RemoveContainerOptions): Promise<void> => {
  const container = getDocker().getContainer(id);
  try {
    if (stopTimeoutSeconds !== 0) {
      await container
        .stop(stopTimeoutSeconds === undefined ? {} : { t: stopTimeoutSeconds })
        .catch((error: unknown) => {
          // 304: already stopped.
          if (dockerStatusCode(error) !== 304) throw error;
        });
    }
    await container.remove({ force: true, v: false });
  } catch (error) {
    if (isNotFound(error)) return;
    // 409 "removal already in progress": another remover got there first.
    if (dockerStatusCode(error) === 409) return;
    throw error;
  }
};

/** Sets a container's restart policy (`docker update --restart`); a missing container is skipped. */
/** The restart label's "on-failure:3" as the Engine takes it. */
export const restartPolicyOf = (policy: string): { Name: string; MaximumRetryCount: number } => {
  const [name = "no", retries = "0"] = policy.split(":");
  return { Name: name, MaximumRetryCount: Number(retries) || 0 };
};

export const updateRestartPolicy = async ({ id, policy }: { id: string; policy: string }): Promise<void> => {
  try {
    await getDocker()
      .getContainer(id)
      .update({ RestartPolicy: restartPolicyOf(policy) });
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
};

// Creating, starting, inspecting and removing a service's container.
import type Docker from "dockerode";
import { getDocker } from "./client";
import type { EngineGate } from "./engine-gate";
import { containerSpec, endpointSettings } from "./container-spec";
import type { ContainerSpecOptions } from "./container-spec";
import { dockerStatusCode, isNotFound } from "./docker-error";
import { managedProjectFilter, serviceLabelOf } from "./labels";

export type CreateServiceContainerOptions = ContainerSpecOptions & {
  /** The Engine gate of the run: the only way to the Engine's create and connect calls. */
  gate: EngineGate;
  /**
   * Called as soon as the Engine has created it (before the extra networks are joined), with its
   * id: a caller that must remove it (a cancel, a failed join) knows it from here on.
   */
  onCreated?: (id: string) => void;
};

export type CreatedContainer = { id: string; name: string };

/**
 * Creates the container on its first network (with aliases), then joins the others with their
 * aliases before it starts, so every name resolves from the container's first instruction.
 */
export const createServiceContainer = async (
  options: CreateServiceContainerOptions,
): Promise<CreatedContainer> => {
  const spec = containerSpec(options);
  const container = await options.gate.createContainer(spec.create);
  // Created now, by Docker's clock too: joining the other networks is part of starting it.
  options.onCreated?.(container.id);
  // One after another: the order of a service's networks is its interfaces' priority order.
  for (const network of spec.extraNetworks) {
    await options.gate.connectNetwork({
      network: network.dockerName,
      container: container.id,
      endpoint: endpointSettings(network),
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

/** How a container stops: its signal (the file's, the image's, else SIGTERM) and grace period (null: not set). */
export type StopSettings = { signal: string; graceSeconds: number | null; running: boolean };

/** A container's stop settings and whether it runs, or null when it no longer exists (one Engine call). */
export const stopSettingsOf = async ({ id }: { id: string }): Promise<StopSettings | null> => {
  const info = await inspectContainer({ id });
  if (!info) return null;
  const config = info.Config as Docker.ContainerInspectInfo["Config"] & {
    StopSignal?: string;
    StopTimeout?: number | null;
  };
  return {
    signal: config.StopSignal || "SIGTERM",
    graceSeconds: typeof config.StopTimeout === "number" ? config.StopTimeout : null,
    running: info.State.Running || info.State.Restarting,
  };
};

/**
 * Sends a running container its stop signal and answers once the Engine has delivered it (false:
 * it was not running). Sent as the container's own stop signal, the Engine marks the container
 * stopped by hand, as `docker stop` does: no restart policy brings it back.
 */
export const signalStop = async ({ id, signal }: { id: string; signal: string }): Promise<boolean> => {
  try {
    await getDocker().getContainer(id).kill({ signal });
    return true;
  } catch (error) {
    // 404: gone; 409: not running.
    if (isNotFound(error) || dockerStatusCode(error) === 409) return false;
    throw error;
  }
};

/**
 * Waits until a signalled container has exited, killing it when `graceSeconds` pass first (what
 * `docker stop -t` does after its signal), then removes it. A missing container counts as removed.
 */
export const finishStop = async ({
  id,
  graceSeconds,
}: {
  id: string;
  graceSeconds: number;
}): Promise<void> => {
  const container = getDocker().getContainer(id);
  let timer: NodeJS.Timeout | undefined;
  const exited = container.wait({ condition: "not-running" }).then(
    () => true,
    (error: unknown) => {
      if (isNotFound(error)) return true;
      throw error;
    },
  );
  exited.catch(() => undefined);
  const graceOver = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), graceSeconds * 1000);
  });
  try {
    if (!(await Promise.race([exited, graceOver]))) await signalStop({ id, signal: "SIGKILL" });
  } finally {
    clearTimeout(timer);
  }
  await removeContainer({ id, stopTimeoutSeconds: 0 });
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

/**
 * Restarts the containers of one service of a project (the alerts' remedy); answers their names.
 * A restart creates nothing, so it needs no Engine gate.
 */
export const restartServiceContainers = async ({
  docker = getDocker(),
  project,
  service,
}: {
  docker?: Docker;
  project: string;
  service: string;
}): Promise<string[]> => {
  // The service as runs name it: a replica's own name, else the Compose service.
  // Only what the panel created: a same-named Compose project's containers are someone else's.
  const containers = (
    await docker.listContainers({ all: true, filters: managedProjectFilter(project) })
  ).filter((c) => serviceLabelOf(c.Labels) === service);
  for (const c of containers) await docker.getContainer(c.Id).restart({ t: 10 });
  return containers.map((c) => (c.Names[0] ?? c.Id).replace(/^\//, ""));
};

// Named volumes of a project: created with the compose labels, or reused.
import type { NamedVolume } from "@/lib/compose/types";
import { AppError } from "@/lib/errors";
import { getDocker } from "./client";
import type { EngineGate } from "./engine-gate";
import { isNotFound } from "./docker-error";
import { COMPOSE_VERSION_LABEL, LABEL } from "./labels";

export type EnsureVolumeOptions = { volume: NamedVolume; project: string; runId: string; gate: EngineGate };

export type EnsuredVolume = { dockerName: string; created: boolean };

/** Creates a named volume unless it exists (its data is kept across runs, as in Compose). */
export const ensureVolume = async ({
  volume,
  project,
  runId,
  gate,
}: EnsureVolumeOptions): Promise<EnsuredVolume> => {
  const docker = getDocker();
  try {
    const existing = await docker.getVolume(volume.dockerName).inspect();
    // Another project's volume (or one made outside the panel) only when external and approved.
    gate.useVolume({ name: volume.dockerName, labels: existing.Labels ?? null });
    return { dockerName: volume.dockerName, created: false };
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  if (volume.external) {
    throw new AppError(
      "not_found",
      `External volume ${volume.dockerName} does not exist: create it (docker volume create ${volume.dockerName}) or drop "external" from the topology.`,
    );
  }
  await gate.createVolume({
    Name: volume.dockerName,
    Driver: volume.driver,
    ...(volume.driverOpts && Object.keys(volume.driverOpts).length > 0
      ? { DriverOpts: volume.driverOpts }
      : {}),
    Labels: {
      ...volume.labels,
      [LABEL.project]: project,
      [LABEL.volume]: volume.name,
      [LABEL.version]: COMPOSE_VERSION_LABEL,
      [LABEL.runId]: runId,
      [LABEL.managed]: "true",
    },
  });
  return { dockerName: volume.dockerName, created: true };
};

/** Removes a volume; a missing one counts as removed. */
export const removeVolume = async ({ name }: { name: string }): Promise<void> => {
  try {
    await getDocker().getVolume(name).remove();
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
};

/** Where a volume's files live on the engine's host, or null when the volume does not exist. */
export const volumeMountpoint = async ({ name }: { name: string }): Promise<string | null> => {
  try {
    return (await getDocker().getVolume(name).inspect()).Mountpoint;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
};

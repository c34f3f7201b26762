// "Start from empty data": removes a topology's named volumes and data folders before a deploy so
// that its run is cold. Refused while any container of the project exists; always audited.
import type { Actor } from "@/lib/auth/principal";
import type { Topology } from "@/lib/compose";
import { recordAudit } from "@/lib/db/audit";
import { assertProjectFree } from "@/lib/deploy";
import { clearData, freshDataTargets } from "@/lib/deploy/data-state";
import { engineUnreachable } from "@/lib/docker/docker-error";
import { findProjectContainers } from "@/lib/docker/project-objects";
import { AppError } from "@/lib/errors";

/** Clears the data of a topology that is not deployed; answers what was removed. */
export const startFromEmptyData = async ({
  topology,
  principal,
  address,
}: Actor & { topology: Topology }): Promise<{ volumes: string[]; folders: string[] }> => {
  assertProjectFree({ project: topology.project });
  const containers = await findProjectContainers({ project: topology.project }).catch(engineUnreachable);
  if (containers.length > 0)
    throw new AppError(
      "conflict",
      `${topology.project} is deployed (${containers.length} container(s) exist): tear it down before starting from empty data.`,
    );
  const targets = await freshDataTargets(topology);
  try {
    const removed = await clearData({ topology });
    await recordAudit({
      actor: principal.username,
      action: "data.clear",
      target: topology.project,
      address,
      detail: removed,
    });
    return removed;
  } catch (error) {
    await recordAudit({
      actor: principal.username,
      action: "data.clear",
      target: topology.project,
      address,
      ok: false,
      detail: { ...targets, reason: error instanceof Error ? error.message : String(error) },
    });
    throw error;
  }
};

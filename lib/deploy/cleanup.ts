// Removing what one run created, after a failure or a cancel: found by the run's label too, so a
// container whose create call was still in flight is not left behind.
import { getDocker } from "@/lib/docker/client";
import { errorMessage, isNotFound } from "@/lib/docker/docker-error";
import { runFilter } from "@/lib/docker/labels";
import { removeNetwork } from "@/lib/docker/networks";
import { removeVolume } from "@/lib/docker/volumes";
import type { RunContext } from "./run-context";
import type { RunResult } from "./types";

export type CleanupRunOptions = { ctx: Pick<RunContext, "runId" | "log">; created: RunResult["created"] };

/** Force-removes the run's containers (with their anonymous volumes), then its networks and volumes. */
export const cleanupRun = async ({ ctx, created }: CleanupRunOptions): Promise<void> => {
  const docker = getDocker();
  const labelled = await docker.listContainers({ all: true, filters: runFilter(ctx.runId) });
  const ids = new Set([...created.containers, ...labelled.map((container) => container.Id)]);
  await Promise.all(
    [...ids].map((id) =>
      docker
        .getContainer(id)
        .remove({ force: true, v: true })
        .catch((error: unknown) => {
          if (!isNotFound(error)) ctx.log(`could not remove container ${id}: ${errorMessage(error)}`);
        }),
    ),
  );
  for (const name of created.networks) {
    await removeNetwork({ id: name }).catch((error: unknown) =>
      ctx.log(`could not remove network ${name}: ${errorMessage(error)}`),
    );
  }
  for (const name of created.volumes) {
    await removeVolume({ name }).catch((error: unknown) =>
      ctx.log(`could not remove volume ${name}: ${errorMessage(error)}`),
    );
  }
  ctx.log(
    `removed ${ids.size} containers, ${created.networks.length} networks, ${created.volumes.length} volumes`,
  );
};

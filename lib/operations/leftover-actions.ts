// What an operator can do with a dead run's leftovers: tear them down (the project's teardown, then
// the run's own volumes), adopt them as the deployed state, or resume watching them. Audited.
import type { Actor } from "@/lib/auth/principal";
import { recordAudit } from "@/lib/db/audit";
import { markRunAdopted, setRunCleanup } from "@/lib/db/run-writes";
import { startTeardown } from "@/lib/deploy";
import { runLeftovers } from "@/lib/deploy/cleanup";
import { getDocker } from "@/lib/docker/client";
import { runFilter } from "@/lib/docker/labels";
import { applyFileRestartPolicies } from "@/lib/docker/restart-policies";
import { removeVolume } from "@/lib/docker/volumes";
import { AppError } from "@/lib/errors";
import { resumeWatching } from "./leftover-watch";
import { knownPanelProjects, listLeftovers, type LeftoverRun } from "./leftovers";
import { newRunId } from "./run-id";

export type LeftoverAction = "teardown" | "adopt" | "watch";

const findGroup = async ({ runId }: { runId: string }) => {
  const group = (await listLeftovers({ knownProjects: await knownPanelProjects() })).find(
    (candidate) => candidate.runId === runId,
  );
  if (!group)
    throw new AppError(
      "not_found",
      `Nothing of run ${runId} is left on the engine (or it is live): reload the page.`,
    );
  return group;
};

/** Tears the run's project down, then removes the run's own volumes and confirms nothing of it is left. */
const tearDown = async (group: LeftoverRun, by: string) => {
  const runId = newRunId();
  const { done } = startTeardown({
    project: group.project,
    runId,
    // Only the volumes this run created go (below): older volumes of the project may hold data.
    removeVolumes: false,
    stopTimeoutSeconds: 2,
    settings: { topology: group.run?.topology ?? group.project, leftoversOf: group.runId, by },
  });
  void done
    .then(async () => {
      for (const name of group.volumes) await removeVolume({ name }).catch(() => undefined);
      const left = await runLeftovers({ runId: group.runId });
      const clean = left.containers.length + left.networks.length + left.volumes.length === 0;
      await setRunCleanup({
        runId: group.runId,
        cleanup: {
          cleanupState: clean ? "done" : "failed",
          cleanupLeftovers: clean ? null : JSON.stringify(left),
        },
      });
    })
    .catch((error: unknown) => console.error(`tear down of run ${group.runId}'s leftovers:`, error));
  return { runId, done };
};

/** What `docker compose up` would have left: every container started, with the file's restart policy. */
const adopt = async (group: LeftoverRun) => {
  const docker = getDocker();
  for (const container of await docker.listContainers({ all: true, filters: runFilter(group.runId) }))
    if (container.State === "created") await docker.getContainer(container.Id).start();
  await applyFileRestartPolicies({ filters: runFilter(group.runId) });
  await markRunAdopted({ runId: group.runId, at: new Date() });
};

/** Runs one action on one dead run's leftovers; teardown answers its own run id. */
export const actOnLeftovers = async ({
  principal,
  address,
  runId,
  action,
}: Actor & { runId: string; action: LeftoverAction }): Promise<{
  runId: string | null;
}> => {
  const group = await findGroup({ runId });
  let started: string | null = null;
  if (action === "teardown") started = (await tearDown(group, principal.username)).runId;
  else if (action === "adopt") await adopt(group);
  else
    void resumeWatching({ runId, project: group.project }).catch((error: unknown) =>
      console.error(`watching run ${runId}'s leftovers:`, error),
    );
  await recordAudit({
    actor: principal.username,
    action: `leftovers.${action}`,
    target: group.project,
    address,
    detail: { runId, ...(started ? { teardownRunId: started } : {}) },
  });
  return { runId: started };
};

// "Run N times": deploy, wait for the result, tear down — N times in a row, each a normal run
// tagged with one batch id, so a comparison can show median, min and max instead of one sample.
// The batch is stored when it starts and after each deploy; a panel restart marks it interrupted
// (reconcileAtBoot) with its finished runs kept — it is not resumed: the restart may have been the
// operator's way to stop it, and a half-done deploy of it must be looked at first.
import { randomUUID } from "node:crypto";
import { recordAudit } from "@/lib/db/audit";
import { createBatch, updateBatch } from "@/lib/db/batches";
import { currentOwnerId } from "@/lib/recording/owner";
import { redactorFor } from "@/lib/secrets/run-redactors";
import type { Actor } from "@/lib/auth/principal";
import { requestDeploy, requestTeardown } from "./deploy";
import type { TDeployRequest } from "./deploy-settings";
import { assertBatchTarget } from "./swarm-options";
import type { RunResult } from "@/lib/deploy";
import { batchMismatches, type ConditionColumns } from "@/lib/runs/conditions";

/** A finished run's conditions in the stored columns' shape (the host is this process's, the same for all). */
const conditionsOfResult = (result: RunResult): ConditionColumns & { id: string } => ({
  id: result.runId,
  fitMode: result.conditions?.fitMode ?? null,
  fitChanges: result.conditions?.fitChanges ?? null,
  dataState: result.conditions?.dataState ?? null,
  dataItems: result.conditions?.data ?? null,
  imageIds: result.conditions?.imageIds ?? null,
  topologyHash: result.topologyHash,
  hostCpus: null,
  hostMemoryBytes: null,
  engineVersion: null,
  fitCpuScale: result.fitScale?.cpu ?? null,
  fitMemoryScale: result.fitScale?.memory ?? null,
});

export const MAX_BATCH_RUNS = 10;

/** Starts the first deploy now (so its errors reach the caller), the rest in the background. */
export const startBatch = async ({
  principal,
  address,
  request,
  times,
}: Actor & { request: TDeployRequest; times: number }): Promise<{ batchId: string; firstRunId: string }> => {
  assertBatchTarget(request);
  const batchId = `batch-${randomUUID().slice(0, 8)}`;
  const first = await requestDeploy({ principal, address, request, batchId });
  await createBatch({
    id: batchId,
    times,
    // Redacted like the runs' settings: tuning values may be secrets.
    request: JSON.stringify(redactorFor(first.runId).value(request)),
    by: principal.username,
    ownerId: currentOwnerId(),
  });
  await recordAudit({
    actor: principal.username,
    action: "batch.start",
    target: batchId,
    address,
    detail: { times, topology: request.topology, strategy: request.strategy },
  });
  const results: RunResult[] = [];
  const loop = async () => {
    let deploy = first.done;
    for (let i = 1; i <= times; i++) {
      const result = await deploy;
      results.push(result);
      // Leftovers of a failed run were cleaned by the deploy; a healthy one is torn down.
      const teardown = await requestTeardown({
        principal,
        address,
        topologyName: request.topology,
        removeVolumes: true,
        environment: request.environment,
      });
      await teardown.done;
      await updateBatch({ id: batchId, completed: i });
      if (result.status !== "healthy" || i === times) {
        await updateBatch({
          id: batchId,
          status: result.status === "healthy" ? "done" : "stopped",
          finishedAt: new Date(),
          ...(result.status === "healthy" ? {} : { reason: `deploy ${i} ended ${result.status}` }),
        });
        return;
      }
      // With freshData each repetition clears the data again first, so every one starts cold.
      deploy = (await requestDeploy({ principal, address, request, batchId })).done;
    }
  };
  // Whether the repetitions ran under the same conditions (fit, data state, images) as the first.
  const recordConditions = async () => {
    const mismatches = batchMismatches(results.map(conditionsOfResult));
    await recordAudit({
      actor: principal.username,
      action: "batch.finished",
      target: batchId,
      address,
      ok: mismatches.length === 0,
      detail: { runs: results.map((r) => r.runId), conditionsMatched: mismatches.length === 0, mismatches },
    });
  };
  // A later run can be refused (another deploy holds the project…): say so where people look.
  void loop()
    .then(recordConditions)
    .catch(async (error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      console.error(`batch ${batchId} stopped: ${reason}`);
      await updateBatch({ id: batchId, status: "stopped", reason, finishedAt: new Date() }).catch(
        () => undefined,
      );
      await recordAudit({
        actor: principal.username,
        action: "batch.stopped",
        target: batchId,
        address,
        ok: false,
        detail: { reason },
      }).catch(() => undefined);
    });
  return { batchId, firstRunId: first.runId };
};

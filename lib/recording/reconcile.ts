// At boot, before the panel accepts deploys: runs and batches a dead panel process left "running"
// are marked interrupted, keeping what they stored. Project locks live in process memory
// (lib/deploy/lock.ts), so a dead process's locks died with it: nothing to release on disk.
import { runningBatches, updateBatch } from "@/lib/db/batches";
import { markRunInterrupted, runsInFlight } from "@/lib/db/run-writes";
import { ownerAlive } from "./owner";

export type ReconcileReport = { interruptedRuns: string[]; interruptedBatches: string[] };

const ownerText = (ownerId: string | null): string =>
  ownerId ? `process ${ownerId.split(":")[1] ?? "?"}` : "an earlier panel process";

/** Marks every run and batch whose owning process is gone as interrupted; returns their ids. */
export const reconcileAtBoot = async ({
  now = new Date(),
}: { now?: Date } = {}): Promise<ReconcileReport> => {
  const interruptedRuns: string[] = [];
  for (const run of await runsInFlight()) {
    // A migration is resumed at its next step instead (lib/operations/migration.ts, after this).
    if (ownerAlive(run.ownerId) || run.kind === "migration") continue;
    const reached = run.reachedState ?? "pending";
    await markRunInterrupted({
      runId: run.id,
      finishedAt: now,
      error: JSON.stringify({
        message:
          `The panel (${ownerText(run.ownerId)}) stopped while this ${run.kind} was ${reached}. ` +
          `What it created is listed on the dashboard: tear it down, adopt it as deployed, or resume watching it.`,
        service: null,
        logTail: [],
        healthOutput: null,
      }),
    });
    interruptedRuns.push(run.id);
  }
  const interruptedBatches: string[] = [];
  for (const batch of await runningBatches()) {
    if (ownerAlive(batch.ownerId)) continue;
    await updateBatch({
      id: batch.id,
      status: "interrupted",
      finishedAt: now,
      reason: `the panel stopped after ${batch.completed} of ${batch.times} deploys; the finished runs are kept`,
    });
    interruptedBatches.push(batch.id);
  }
  return { interruptedRuns, interruptedBatches };
};

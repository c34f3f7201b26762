// A stored run as the API gives it out: the stored columns under their own names (the JSON columns
// already parsed by lib/db), row ids left out, events and stat buckets left to their own endpoints.
import type { RunDetail } from "@/lib/db/runs";
import { measuredStartupMs, recordedPredictionOf } from "@/lib/prediction/errors";

/** The run with its phases and service timings, without events and stat buckets. */
export const runView = (run: RunDetail) => {
  const columns: Partial<RunDetail> = { ...run };
  for (const key of ["events", "statBuckets", "phases", "services"] as const) delete columns[key];
  return {
    ...columns,
    // The model's prediction recorded when the run started, beside the measured first create → all ready.
    predictedMs: recordedPredictionOf(run.settings)?.predictedMs ?? null,
    startupMs: measuredStartupMs(run),
    phases: run.phases.map((phase) => ({
      index: phase.index,
      name: phase.name,
      services: phase.services,
      startedAtMs: phase.startedAtMs,
      readyAtMs: phase.readyAtMs,
    })),
    services: run.services.map((timing) => {
      const row: Partial<typeof timing> = { ...timing };
      delete row.id;
      delete row.runId;
      return row;
    }),
  };
};

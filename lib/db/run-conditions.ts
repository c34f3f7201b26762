// The run's conditions and clocks as Run columns (read back, parsed, by lib/db/runs.ts).
import type { RunResult } from "@/lib/deploy";

/** Run columns for a result's fit mode, data state, image IDs and three clocks (null when unknown). */
export const conditionColumns = (result: RunResult) => ({
  fitMode: result.conditions?.fitMode ?? null,
  fitChanges: result.conditions ? JSON.stringify(result.conditions.fitChanges) : null,
  dataState: result.conditions?.dataState ?? null,
  dataItems: result.conditions ? JSON.stringify(result.conditions.data) : null,
  imageIds: result.conditions ? JSON.stringify(result.conditions.imageIds) : null,
  preparationMs: result.clocks?.preparationMs ?? null,
  readyMs: result.clocks?.readyMs ?? null,
  dockerHealthyMs: result.clocks?.dockerHealthyMs ?? null,
});

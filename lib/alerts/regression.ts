// The deploy_regression rule's reading of a run: the stored row once its journal wrote the final
// status (the judgement itself is lib/runs/regression.ts, shared with the runs' badge).
import { getRunsForCompare, type ParsedRun } from "@/lib/db/runs";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The stored run once its journal wrote the final status (null after `waitMs`). */
export const storedFinishedRun = async ({
  runId,
  waitMs = 20_000,
}: {
  runId: string;
  waitMs?: number;
}): Promise<ParsedRun | null> => {
  for (const start = Date.now(); Date.now() - start < waitMs; await sleep(500)) {
    const [run] = await getRunsForCompare([runId]);
    if (run && run.status !== "running" && run.totalMs !== null) return run;
  }
  return null;
};

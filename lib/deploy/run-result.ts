// The one RunResult every kind of run starts from, and the verdict of the runs whose whole body is
// one piece of work (latency test, node removal): healthy when it returns, failed with its RunError
// when it throws — always released, untracked and announced with run_finished.
import type { RunContext } from "./run-context";
import { toRunError } from "./run-failure";
import type { PhaseTiming, RunKind, RunResult, Strategy } from "./types";

/** A run's result before it did anything: failed until it says otherwise, nothing created yet. */
export const newRunResult = ({
  ctx,
  kind,
  settings,
  strategy = null,
  phases = [],
  topologyHash = null,
  fitScale = null,
}: {
  ctx: RunContext;
  kind: RunKind;
  settings: Record<string, unknown>;
  strategy?: Strategy | null;
  phases?: PhaseTiming[];
  topologyHash?: string | null;
  fitScale?: RunResult["fitScale"];
}): RunResult => ({
  runId: ctx.runId,
  kind,
  project: ctx.project,
  strategy,
  status: "failed",
  startedAt: ctx.startedAt.toISOString(),
  totalMs: 0,
  cleanupMs: null,
  cleanup: null,
  services: [],
  phases,
  error: null,
  fitScale,
  topologyHash,
  created: { containers: [], networks: [], volumes: [] },
  settings,
});

/**
 * Runs `work` to the run's verdict: `healthy` when it returns, `failed` with the error's RunError
 * when it throws; then untracks the live result, releases the project lock and emits run_finished.
 */
export const settleRun = async ({
  ctx,
  result,
  untrack,
  release,
  work,
}: {
  ctx: RunContext;
  result: RunResult;
  untrack: () => void;
  release: () => void;
  work: () => Promise<void>;
}): Promise<RunResult> => {
  try {
    await work();
    result.status = "healthy";
    result.totalMs = ctx.now();
    ctx.emit({ type: "run_state", run: { state: "healthy" } });
  } catch (error) {
    result.totalMs = ctx.now();
    result.error = toRunError(error);
    ctx.emit({ type: "run_state", run: { state: "failed", error: result.error } });
  } finally {
    untrack();
    release();
  }
  ctx.emit({ type: "run_finished", result });
  return result;
};

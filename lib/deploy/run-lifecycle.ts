// The one lifecycle of a run, whatever its target (one engine or a Swarm): the project's lock and
// the run's context taken together (openRun); its live result tracked and its start announced
// (announceRun); then its work to the verdict, and on a throw or a cancel the verdict failed or
// cancelled and, unless asked to keep them, the target's cleanup of what the run created; always the
// target's own finish, the lock released and run_finished (executeRun). A target supplies only how
// its services are created, probed and removed (lib/deploy/orchestrator.ts, lib/swarm/deploy.ts).
import { randomUUID } from "node:crypto";
import { registerActiveRun } from "./active-runs";
import { trackRunResult } from "./live-results";
import { acquireProjectLock } from "./lock";
import { createRunContext, type RunContext, type RunOrigin } from "./run-context";
import { isCancel, toRunError } from "./run-failure";
import type { CleanupOutcome, PhaseTiming, RunKind, RunResult, Strategy } from "./types";

export type OpenedRun = {
  runId: string;
  ctx: RunContext;
  /** Releases the project's lock and forgets the run as active (once the run ends). */
  release: () => void;
};

/**
 * Takes the project's lock (throws `conflict` while another run holds it) and makes the run's
 * context; the run is active (cancellable) from here until `release`.
 */
export const openRun = ({
  project,
  runId = randomUUID(),
  kind,
  origin,
  takeOverFrom,
}: {
  project: string;
  runId?: string;
  kind: RunKind;
  origin?: RunOrigin;
  /** A run of the project this one stopped: its lock passes to this run at once. */
  takeOverFrom?: string;
}): OpenedRun => {
  const releaseLock = acquireProjectLock({ project, runId, kind, takeOverFrom });
  const ctx = createRunContext({ runId, project, origin });
  const forget = registerActiveRun(ctx);
  return {
    runId,
    ctx,
    release: () => {
      forget();
      releaseLock();
    },
  };
};

/**
 * Makes the result readable before run_started (so the recorder stores the run as "running" from
 * its first event), announces the plan and the pending state; returns the untrack.
 */
export const announceRun = ({
  ctx,
  result,
  strategy,
  services,
  phases,
}: {
  ctx: RunContext;
  result: RunResult;
  strategy: Strategy | null;
  services: string[];
  phases: Pick<PhaseTiming, "name" | "services">[];
}): (() => void) => {
  const untrack = trackRunResult(result);
  ctx.emit({ type: "run_started", kind: result.kind, strategy, services, phases });
  ctx.emit({ type: "run_state", run: { state: "pending" } });
  return untrack;
};

export type ExecuteRunOptions = {
  ctx: RunContext;
  result: RunResult;
  /** Leave a failed or cancelled run's objects in place for debugging. */
  keepOnFailure: boolean;
  /** Everything up to the verdict (and what follows it); sets the result healthy itself. */
  work: () => Promise<void>;
  /** Once the run failed or was cancelled, before its state is announced (what it left, where). */
  onFailure?: () => Promise<void>;
  /** Removes what the run created, after a failure or a cancel. */
  cleanup: () => Promise<CleanupOutcome>;
  /** The target's own end, always (clocks, log streams), before the lock is released. */
  finish?: () => Promise<void> | void;
  release: () => void;
  untrack: () => void;
};

/** Runs a run to its end; always resolves with its result, never rejects. */
export const executeRun = async ({
  ctx,
  result,
  keepOnFailure,
  work,
  onFailure,
  cleanup,
  finish,
  release,
  untrack,
}: ExecuteRunOptions): Promise<RunResult> => {
  try {
    await work();
  } catch (error) {
    const reason: unknown = ctx.signal.aborted ? ctx.signal.reason : error;
    ctx.abort(reason);
    result.totalMs = ctx.now();
    result.error = toRunError(reason);
    result.status = isCancel(reason) ? "cancelled" : "failed";
    await onFailure?.();
    ctx.emit({
      type: "run_state",
      run: result.status === "cancelled" ? { state: "cancelled" } : { state: "failed", error: result.error },
    });
    if (!keepOnFailure) {
      const began = ctx.now();
      ctx.emit({ type: "run_state", run: { state: "tearing_down" } });
      result.cleanup = await cleanup();
      result.cleanupMs = ctx.now() - began;
      ctx.emit({ type: "run_state", run: { state: "torn_down" } });
    }
  } finally {
    await finish?.();
    release();
  }
  ctx.emit({ type: "run_finished", result });
  untrack();
  return result;
};

// Runs in flight in this process, so cancel and teardown can reach them from any module graph.
// A person must be able to stop at any moment: before a run is ready, stopping cancels it (it
// cleans up like a failure); once it is ready, stopping only ends its wait for Docker's own
// confirmation of the health checks, and the run keeps its verdict, recorded as not confirmed.
import { AppError } from "@/lib/errors";
import { globalSingleton } from "@/lib/global-singleton";
import { cancelledFailure, confirmationNotAwaited } from "./run-failure";
import { deferred, type Deferred, type RunContext } from "./run-context";

type ActiveRun = {
  ctx: RunContext;
  /** Whether Cancel may stop it (a scale-down runs to its end: it only drains and removes). */
  cancellable: boolean;
  /** Set once the run reached its verdict (ready): stopping then skips Docker's confirmation. */
  ready: boolean;
  /** Resolves once the run has finished (its cleanup done, its lock released). */
  finished: Deferred<void>;
};

const runs = (): Map<string, ActiveRun> => globalSingleton("deploy-active-runs", () => new Map());

export type RegisterActiveRunOptions = { cancellable?: boolean };

/** Registers a run in flight; returns the function that forgets it (call it once the run is over). */
export const registerActiveRun = (
  ctx: RunContext,
  { cancellable = true }: RegisterActiveRunOptions = {},
): (() => void) => {
  const run: ActiveRun = { ctx, cancellable, ready: false, finished: deferred<void>() };
  runs().set(ctx.runId, run);
  return () => {
    if (runs().get(ctx.runId) === run) runs().delete(ctx.runId);
    run.finished.resolve();
  };
};

/** Marks a run in flight as ready: from now on a stop ends only its wait for Docker's confirmation. */
export const markActiveRunReady = (runId: string): void => {
  const run = runs().get(runId);
  if (run) run.ready = true;
};

/** Ends a ready run's wait for Docker's confirmation (its verdict stands); resolves once it has finished. */
const endConfirmationWait = ({
  run,
  by,
  asked,
}: {
  run: ActiveRun;
  by: string | null;
  asked: string;
}): Promise<void> => {
  run.ctx.log(`${asked}${by ? ` by ${by}` : ""} after ready: Docker's confirmation is not awaited`);
  run.ctx.abort(confirmationNotAwaited({ by }));
  return run.finished.promise;
};

export type CancelDeployOptions = { runId: string; by?: string | null };

/**
 * Stops a deploy or scale in flight at once. Before it is ready it is cancelled and cleans up like
 * a failure (unless keepOnFailure); once ready it stops waiting for Docker's confirmation and
 * finishes with its verdict. Returns whether it was cancelled and a promise of its end.
 */
export const cancelDeploy = ({
  runId,
  by = null,
}: CancelDeployOptions): { cancelled: boolean; finished: Promise<void> } => {
  const run = runs().get(runId);
  if (!run) {
    throw new AppError(
      "not_found",
      `Run ${runId} is not in flight: it has finished already, or never started here.`,
    );
  }
  if (!run.cancellable)
    throw new AppError(
      "conflict",
      `Run ${runId} removes worker nodes and cannot be cancelled: it ends once they are drained and removed.`,
    );
  if (run.ready)
    return { cancelled: false, finished: endConfirmationWait({ run, by, asked: "stop requested" }) };
  run.ctx.log(`cancel requested${by ? ` by ${by}` : ""}`);
  run.ctx.abort(cancelledFailure({ by }));
  return { cancelled: true, finished: run.finished.promise };
};

/**
 * Ends whatever run holds `runId` so a teardown can follow at once: a deploy or scale-up is
 * cancelled (or, ready, stops waiting for Docker), a scale-down is let finish. Resolves when it
 * has finished; at once when it is not in flight here.
 */
export const stopActiveRun = ({ runId, by = null }: CancelDeployOptions): Promise<void> => {
  const run = runs().get(runId);
  if (!run) return Promise.resolve();
  if (!run.cancellable) return run.finished.promise;
  return cancelDeploy({ runId, by }).finished;
};

/**
 * Lets the next run of a project start once the one holding it has reached its verdict: a ready
 * deploy or scale stops waiting for Docker's confirmation (recorded as not awaited) and the promise
 * resolves once it has finished and released the project. Undefined when the run is not in flight
 * here or not ready yet (then the project stays taken: the caller's lock check says so).
 */
export const settleReadyRun = ({
  runId,
  by = null,
  next,
}: CancelDeployOptions & { next: string }): Promise<void> | undefined => {
  const run = runs().get(runId);
  return run?.ready ? endConfirmationWait({ run, by, asked: `${next} asked` }) : undefined;
};

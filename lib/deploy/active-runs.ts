// Runs in flight in this process, so cancel can reach them from any module graph.
import { AppError } from "@/lib/errors";
import { globalSingleton } from "@/lib/global-singleton";
import { cancelledFailure } from "./run-failure";
import type { RunContext } from "./run-context";

const runs = (): Map<string, RunContext> => globalSingleton("deploy-active-runs", () => new Map());

/** Registers a run in flight; returns the function that forgets it. */
export const registerActiveRun = (ctx: RunContext): (() => void) => {
  runs().set(ctx.runId, ctx);
  return () => {
    runs().delete(ctx.runId);
  };
};

export type CancelDeployOptions = { runId: string; by?: string | null };

/** Stops a deploy in flight; it then cleans up like a failure (unless keepOnFailure). */
export const cancelDeploy = ({ runId, by = null }: CancelDeployOptions): void => {
  const ctx = runs().get(runId);
  if (!ctx) {
    throw new AppError(
      "not_found",
      `Run ${runId} is not in flight: it has finished already, or never started here.`,
    );
  }
  ctx.log(`cancel requested${by ? ` by ${by}` : ""}`);
  ctx.abort(cancelledFailure({ by }));
};

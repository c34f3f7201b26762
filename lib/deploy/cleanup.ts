// Removing what one run created, after a failure or a cancel: found by the run's label too, so a
// container whose create call was still in flight is not left behind. A run is only "cleaned up"
// when Docker, asked again afterwards, lists nothing of it; while the engine does not answer, the
// cleanup retries with a bounded back-off (also after the run has finished).
import { getDocker } from "@/lib/docker/client";
import { errorMessage, isEngineTrouble, isNotFound } from "@/lib/docker/docker-error";
import { runFilter } from "@/lib/docker/labels";
import { removeNetwork } from "@/lib/docker/networks";
import { removeVolume } from "@/lib/docker/volumes";
import type { RunContext } from "./run-context";
import type { CleanupOutcome, RunLeftovers, RunResult } from "./types";

export type CleanupRunOptions = {
  ctx: Pick<RunContext, "runId" | "log" | "emit">;
  created: RunResult["created"];
  /** Waits (ms) before each attempt made inside the run; later ones go to the background. */
  inRunDelaysMs?: number[];
  /** Waits (ms) before each background attempt while the engine is down. */
  backgroundDelaysMs?: number[];
};

/** In the run: at once, then twice more over ~3 s (an engine restart often takes that). */
export const IN_RUN_DELAYS_MS = [0, 1_000, 2_000];
/** After the run: a doubling back-off capped at 60 s, ~15 minutes in all. */
export const BACKGROUND_DELAYS_MS = [2_000, 4_000, 8_000, 16_000, 30_000, ...Array<number>(14).fill(60_000)];

const NOTHING: RunLeftovers = { containers: [], networks: [], volumes: [] };
const isEmpty = (left: RunLeftovers): boolean =>
  left.containers.length + left.networks.length + left.volumes.length === 0;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref?.());

/** What Docker still lists of a run: containers, networks and volumes carrying its label. */
export const runLeftovers = async ({ runId }: { runId: string }): Promise<RunLeftovers> => {
  const docker = getDocker();
  const filters = runFilter(runId);
  const [containers, networks, volumes] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listNetworks({ filters }),
    docker.listVolumes({ filters }),
  ]);
  return {
    containers: containers.map((c) => (c.Names[0] ?? c.Id).replace(/^\//, "")),
    networks: networks.map((n) => n.Name),
    volumes: (volumes.Volumes ?? []).map((v) => v.Name),
  };
};

/** One pass: force-removes the run's containers (with anonymous volumes), then its networks and volumes. */
const removeOnce = async ({ ctx, created }: CleanupRunOptions): Promise<void> => {
  const docker = getDocker();
  const labelled = await docker.listContainers({ all: true, filters: runFilter(ctx.runId) });
  const ids = new Set([...created.containers, ...labelled.map((container) => container.Id)]);
  const failures: unknown[] = [];
  await Promise.all(
    [...ids].map((id) =>
      docker
        .getContainer(id)
        .remove({ force: true, v: true })
        .catch((error: unknown) => {
          if (isNotFound(error)) return;
          failures.push(error);
          ctx.log(`could not remove container ${id}: ${errorMessage(error)}`);
        }),
    ),
  );
  const { networks, volumes } = await runLeftovers({ runId: ctx.runId });
  for (const name of new Set([...created.networks, ...networks]))
    await removeNetwork({ id: name }).catch((error: unknown) => {
      failures.push(error);
      ctx.log(`could not remove network ${name}: ${errorMessage(error)}`);
    });
  for (const name of new Set([...created.volumes, ...volumes]))
    await removeVolume({ name }).catch((error: unknown) => {
      failures.push(error);
      ctx.log(`could not remove volume ${name}: ${errorMessage(error)}`);
    });
  // An engine that went away mid-pass makes the whole pass a retry, not a verdict.
  const down = failures.find(isEngineTrouble);
  if (down) throw down;
};

/** Removes, then asks Docker what is left; throws only when the engine does not answer. */
const attempt = async (options: CleanupRunOptions): Promise<CleanupOutcome> => {
  await removeOnce(options);
  const leftovers = await runLeftovers({ runId: options.ctx.runId });
  return { state: isEmpty(leftovers) ? "done" : "failed", leftovers };
};

const tryAll = async (
  options: CleanupRunOptions,
  delays: number[],
): Promise<CleanupOutcome | { state: "pending"; error: unknown }> => {
  let last: unknown = null;
  for (const delay of delays) {
    if (delay > 0) await wait(delay);
    try {
      return await attempt(options);
    } catch (error) {
      if (!isEngineTrouble(error)) {
        options.ctx.log(`cleanup failed: ${errorMessage(error)}`);
        return { state: "failed", leftovers: NOTHING };
      }
      last = error;
      options.ctx.log(`cleanup: the Docker engine does not answer (${errorMessage(error)})`);
    }
  }
  return { state: "pending", error: last };
};

const report = (ctx: CleanupRunOptions["ctx"], outcome: CleanupOutcome): void => {
  const left = outcome.leftovers;
  ctx.log(
    outcome.state === "done"
      ? "cleanup confirmed: Docker lists nothing of this run"
      : outcome.state === "pending"
        ? "the Docker engine does not answer: cleanup will retry when it returns"
        : `cleanup left ${left.containers.length} containers, ${left.networks.length} networks, ${left.volumes.length} volumes: ${[...left.containers, ...left.networks, ...left.volumes].join(", ")}`,
  );
  ctx.emit({ type: "cleanup", cleanup: outcome });
};

/**
 * Cleans a failed run up and resolves with the outcome reached inside the run: "done" (Docker lists
 * nothing), "failed" (Docker lists leftovers) or "pending" (the engine did not answer; a background
 * retry goes on and publishes its own `cleanup` event when it knows).
 */
export const cleanupRun = async (options: CleanupRunOptions): Promise<CleanupOutcome> => {
  const { ctx } = options;
  const first = await tryAll(options, options.inRunDelaysMs ?? IN_RUN_DELAYS_MS);
  if (!("error" in first)) {
    report(ctx, first);
    return first;
  }
  const pending: CleanupOutcome = { state: "pending", leftovers: NOTHING };
  report(ctx, pending);
  void tryAll(options, options.backgroundDelaysMs ?? BACKGROUND_DELAYS_MS).then((later) =>
    report(
      ctx,
      "error" in later
        ? { state: "failed", leftovers: NOTHING, reason: `Docker kept failing: ${errorMessage(later.error)}` }
        : later,
    ),
  );
  return pending;
};

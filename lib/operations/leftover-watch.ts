// "Resume watching" a dead panel's run: its containers' stats flow to the dashboard again and their
// readiness (running, and healthy where they have a check) is followed until all are ready or
// WATCH_READY_MS passes; what was seen is stored as the run's reached state.
import { setRunReachedState } from "@/lib/db/run-writes";
import { getDocker } from "@/lib/docker/client";
import { runFilter } from "@/lib/docker/labels";
import { globalSingleton } from "@/lib/global-singleton";
import { getStatsHub } from "@/lib/stats/hub";

/** How long readiness is followed. */
export const WATCH_READY_MS = 120_000;
/** How long the stats stay open for the dashboard. */
export const WATCH_STATS_MS = 10 * 60_000;

const watching = (): Set<string> => globalSingleton("leftover-watching", () => new Set());

/** Whether a run's leftovers are being watched in this process. */
export const isWatching = (runId: string): boolean => watching().has(runId);

const readiness = async (runId: string): Promise<{ ready: number; total: number; notReady: string[] }> => {
  const docker = getDocker();
  const listed = await docker.listContainers({ all: true, filters: runFilter(runId) });
  const notReady: string[] = [];
  for (const container of listed) {
    const info = await docker.getContainer(container.Id).inspect();
    const health = info.State.Health?.Status;
    if (!info.State.Running || (health !== undefined && health !== "healthy"))
      notReady.push(`${info.Name.replace(/^\//, "")} (${health ?? info.State.Status})`);
  }
  return { ready: listed.length - notReady.length, total: listed.length, notReady };
};

/** Starts watching a run's leftovers (once); resolves with the final readiness line. */
export const resumeWatching = async ({
  runId,
  project,
}: {
  runId: string;
  project: string;
}): Promise<string> => {
  if (watching().has(runId)) return "already watching";
  watching().add(runId);
  const stopStats = getStatsHub().watchProject({ project, reason: "run" });
  setTimeout(stopStats, WATCH_STATS_MS).unref();
  const began = Date.now();
  try {
    for (;;) {
      const seen = await readiness(runId);
      const line =
        seen.notReady.length === 0
          ? `resumed watching: all ${seen.total} containers ready ${((Date.now() - began) / 1000).toFixed(1)} s after resuming`
          : `resumed watching: ${seen.ready}/${seen.total} containers ready; waiting for ${seen.notReady.join(", ")}`;
      await setRunReachedState({ runId, reachedState: line });
      if (seen.notReady.length === 0 || Date.now() - began > WATCH_READY_MS) return line;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  } finally {
    watching().delete(runId);
  }
};

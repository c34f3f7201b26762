// Docker's clock beside the panel's: while a run goes, its containers' engine events are collected
// (lib/docker/run-clock-events) and, when it ends, written into each service's timing as ms since
// the run started, on the same scale as the panel's own marks.
import { watchRunClock, type EngineLifecycle } from "@/lib/docker/run-clock-events";
import type { RunContext } from "./run-context";
import type { RunResult } from "./types";

/** How long the stream may take to open before the run goes on without Docker's clock. */
const CONNECT_WAIT_MS = 2_000;
/** Events of the last moments still in flight when the run ends. */
const SETTLE_MS = 250;

export type EngineClock = { connected: Promise<void>; finish: () => Promise<void> };

const relative = (at: number | null, originMs: number): number | null =>
  at === null ? null : Math.round((at - originMs) * 10) / 10;

/** Starts collecting the run's engine events; `finish` merges them into `result.services`. */
export const attachEngineClock = ({ ctx, result }: { ctx: RunContext; result: RunResult }): EngineClock => {
  const originMs = ctx.startedAt.getTime();
  const watch = watchRunClock({ runId: ctx.runId, sinceMs: originMs });
  return {
    connected: Promise.race([
      watch.connected,
      new Promise<void>((resolve) => setTimeout(resolve, CONNECT_WAIT_MS).unref()),
    ]),
    finish: async () => {
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const seen = watch.stop();
      for (const timing of result.services) {
        const marks: EngineLifecycle | undefined = seen[timing.service];
        if (!marks) continue;
        timing.engine = {
          createdAt: relative(marks.createdAt, originMs),
          startedAt: relative(marks.startedAt, originMs),
          healthyAt: relative(marks.healthyAt, originMs),
          diedAt: relative(marks.diedAt, originMs),
        };
      }
    },
  };
};

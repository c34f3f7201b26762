// Pure: per-service costs from stored service timings (median create → ready and create → running
// over the runs), and the fallback for a service no run measured (its health check's timing).
import { readyWeightOf } from "@/lib/compose";
import type { Service } from "@/lib/compose/types";
import { median } from "@/lib/median";
import type { ServiceEstimate } from "./model";

/** One stored service timing, ms since its run started (null: not reached). */
export type StoredTiming = {
  runId: string;
  service: string;
  createdAtMs: number | null;
  runningAtMs: number | null;
  readyAtMs: number | null;
};

/** The cost of a service never measured: its health check's start_period (else interval), or the container start cost. */
export const fallbackEstimate = ({
  service,
  oneShot,
}: {
  service: Service;
  oneShot: boolean;
}): ServiceEstimate => ({
  ms: readyWeightOf({ service, oneShot }).ms,
  source: "health-check",
  n: 0,
});

/** Median create → ready (and create → running) per service over the timings that reached ready. */
export const medianEstimates = (timings: StoredTiming[]): Record<string, ServiceEstimate> => {
  const byService = new Map<string, { ready: number[]; running: number[]; runs: Set<string> }>();
  for (const t of timings) {
    if (t.createdAtMs === null || t.readyAtMs === null) continue;
    const entry = byService.get(t.service) ?? { ready: [], running: [], runs: new Set<string>() };
    entry.ready.push(t.readyAtMs - t.createdAtMs);
    if (t.runningAtMs !== null) entry.running.push(t.runningAtMs - t.createdAtMs);
    entry.runs.add(t.runId);
    byService.set(t.service, entry);
  }
  return Object.fromEntries(
    [...byService].map(([service, { ready, running, runs }]) => {
      const startedMs = median(running);
      const estimate: ServiceEstimate = { ms: median(ready) ?? 0, source: "measured", n: runs.size };
      return [service, startedMs === null ? estimate : { ...estimate, startedMs }];
    }),
  );
};

/** Costs for every service of the plan: measured where runs measured it, else its fallback (flagged). */
export const estimatesFor = ({
  services,
  oneShots,
  measured,
}: {
  services: Service[];
  oneShots: string[];
  measured: Record<string, ServiceEstimate>;
}): Record<string, ServiceEstimate> =>
  Object.fromEntries(
    services.map((service) => [
      service.name,
      measured[service.name] ?? fallbackEstimate({ service, oneShot: oneShots.includes(service.name) }),
    ]),
  );

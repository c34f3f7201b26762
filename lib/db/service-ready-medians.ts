import { getPrisma } from "./client";

/** Healthy deploys of a topology whose timings feed the medians (the newest ones). */
export const MEDIAN_RUNS = 20;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/**
 * Per service, the median time from its start to ready (ms) over the newest healthy deploys of the
 * topology: what the critical path weighs a service by once there are measured runs.
 */
export const serviceReadyMedians = async ({
  topology,
}: {
  topology: string;
}): Promise<Record<string, number>> => {
  const runs = await getPrisma().run.findMany({
    where: { topology, kind: "deploy", status: "healthy" },
    orderBy: { startedAt: "desc" },
    take: MEDIAN_RUNS,
    select: { id: true },
  });
  if (runs.length === 0) return {};
  const timings = await getPrisma().serviceTiming.findMany({
    where: { runId: { in: runs.map((r) => r.id) }, readyAtMs: { not: null }, startedAtMs: { not: null } },
    select: { service: true, startedAtMs: true, readyAtMs: true },
  });
  const byService = new Map<string, number[]>();
  for (const t of timings)
    byService.set(t.service, [
      ...(byService.get(t.service) ?? []),
      (t.readyAtMs ?? 0) - (t.startedAtMs ?? 0),
    ]);
  return Object.fromEntries([...byService].map(([service, values]) => [service, median(values)]));
};

import type { MeasuredReady } from "@/lib/compose";
import { median } from "@/lib/median";
import { getPrisma } from "./client";

/** Healthy deploys of a topology whose timings feed the medians (the newest ones). */
export const MEDIAN_RUNS = 20;

/**
 * Per service, the median time from its start to ready (ms; for a one-shot job, to its exit 0)
 * over the newest healthy deploys of the topology, with how many runs measured it: what the
 * critical path weighs a service by once there are measured runs.
 */
export const serviceReadyMedians = async ({
  topology,
}: {
  topology: string;
}): Promise<Record<string, MeasuredReady>> => {
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
  for (const t of timings) {
    const values = byService.get(t.service) ?? [];
    values.push((t.readyAtMs ?? 0) - (t.startedAtMs ?? 0));
    byService.set(t.service, values);
  }
  // Every list has at least one value, so the median is never null.
  return Object.fromEntries(
    [...byService].map(([service, values]) => [service, { ms: median(values) ?? 0, runs: values.length }]),
  );
};

// The stored runs a startup prediction reads: healthy deploys of one topology file under equal
// conditions, their service timings and the CPU and memory each service used before it was ready.
import { median } from "@/lib/median";
import { getPrisma } from "./client";
import { deployOverridesKey, jsonColumn, ZRunSettings } from "./run-columns";

/** Healthy deploys a prediction takes its medians over (the newest ones). */
export const PREDICTION_RUNS = 20;

/** How many of the newest runs under the column conditions are read to find those with equal overrides. */
const OVERRIDE_SCAN_RUNS = 200;

/** What makes runs comparable besides the topology: null fields are not filtered on. */
export type PredictionConditions = {
  topology: string;
  topologyHash: string | null;
  strategy: string | null;
  fitMode: string | null;
  engineVersion: string | null;
  hostCpus: number | null;
  hostMemoryBytes: number | null;
  dataState: string | null;
  /** The deploy's own choices (tuning, health, limits, probe) as `deployOverridesKey` writes them. */
  overridesKey: string | null;
};

export type PredictionRunTiming = {
  runId: string;
  service: string;
  createdAtMs: number | null;
  runningAtMs: number | null;
  readyAtMs: number | null;
};

export type PredictionRunUsage = { service: string; cpuPeakCores: number; memoryPeakBytes: number };

const whereOf = (c: PredictionConditions) => ({
  topology: c.topology,
  kind: "deploy",
  status: "healthy",
  environmentId: null,
  ...(c.topologyHash !== null ? { topologyHash: c.topologyHash } : {}),
  ...(c.strategy !== null ? { strategy: c.strategy } : {}),
  ...(c.fitMode !== null ? { fitMode: c.fitMode } : {}),
  ...(c.engineVersion !== null ? { engineVersion: c.engineVersion } : {}),
  ...(c.hostCpus !== null ? { hostCpus: c.hostCpus } : {}),
  ...(c.hostMemoryBytes !== null ? { hostMemoryBytes: c.hostMemoryBytes } : {}),
  ...(c.dataState !== null ? { dataState: c.dataState } : {}),
});

/**
 * The newest healthy local deploys under the conditions, their service timings, and per service
 * the peak CPU (cores, median over runs) and memory (largest) of the stat buckets before it was ready.
 */
export const predictionRuns = async (
  conditions: PredictionConditions,
): Promise<{ runIds: string[]; timings: PredictionRunTiming[]; usage: PredictionRunUsage[] }> => {
  const prisma = getPrisma();
  // The overrides live in the settings JSON: the newest runs under the column conditions, then those
  // whose own choices equal the asked ones.
  const { overridesKey } = conditions;
  const runs = (
    await prisma.run.findMany({
      where: whereOf(conditions),
      orderBy: { startedAt: "desc" },
      take: overridesKey === null ? PREDICTION_RUNS : OVERRIDE_SCAN_RUNS,
      select: { id: true, startedAt: true, settings: overridesKey !== null },
    })
  )
    .filter(
      (r) =>
        overridesKey === null ||
        deployOverridesKey(jsonColumn(ZRunSettings, r.settings ?? null) ?? {}) === overridesKey,
    )
    .slice(0, PREDICTION_RUNS);
  if (runs.length === 0) return { runIds: [], timings: [], usage: [] };
  const runIds = runs.map((r) => r.id);
  const [timings, buckets] = await Promise.all([
    prisma.serviceTiming.findMany({
      where: { runId: { in: runIds } },
      select: { runId: true, service: true, createdAtMs: true, runningAtMs: true, readyAtMs: true },
    }),
    prisma.runStatBucket.findMany({
      where: { runId: { in: runIds } },
      select: { runId: true, service: true, t: true, cpuPercentMax: true, memoryUsedBytesMax: true },
    }),
  ]);
  const startOf = new Map(runs.map((r) => [r.id, r.startedAt.getTime()]));
  const readyOf = new Map(timings.map((t) => [`${t.runId}\n${t.service}`, t.readyAtMs]));
  const peaks = new Map<string, { cpu: number[]; memory: number }>();
  for (const b of buckets) {
    const readyAtMs = readyOf.get(`${b.runId}\n${b.service}`);
    const start = startOf.get(b.runId) ?? 0;
    // Only what the service used while it was starting: buckets that began before it was ready.
    if (readyAtMs === undefined || readyAtMs === null || b.t > start + readyAtMs) continue;
    const key = `${b.runId}\n${b.service}`;
    const peak = peaks.get(key) ?? { cpu: [], memory: 0 };
    peak.cpu.push(b.cpuPercentMax / 100);
    peak.memory = Math.max(peak.memory, b.memoryUsedBytesMax);
    peaks.set(key, peak);
  }
  const byService = new Map<string, { cpu: number[]; memory: number }>();
  for (const [key, peak] of peaks) {
    const service = key.split("\n")[1] ?? "";
    const entry = byService.get(service) ?? { cpu: [], memory: 0 };
    entry.cpu.push(Math.max(...peak.cpu));
    entry.memory = Math.max(entry.memory, peak.memory);
    byService.set(service, entry);
  }
  const usage = [...byService].map(([service, { cpu, memory }]) => ({
    service,
    cpuPeakCores: median(cpu) ?? 0,
    memoryPeakBytes: memory,
  }));
  return { runIds, timings, usage };
};

/** The newest deploys of each topology whose settings hold a prediction, with their measured clocks. */
export const predictedRuns = async ({ take = 200 }: { take?: number } = {}) =>
  getPrisma().run.findMany({
    where: { kind: "deploy", status: "healthy", settings: { contains: '"predictedMs"' } },
    orderBy: { startedAt: "desc" },
    take,
    select: {
      id: true,
      topology: true,
      strategy: true,
      settings: true,
      preparationMs: true,
      readyMs: true,
    },
  });

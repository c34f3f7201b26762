// The run page's view model: everything the page shows, shaped from the stored run, so the page only
// lays it out (sums of stat buckets, the event log's lines and the paths are computed here, tested).
import { z } from "zod";
import { getBatch } from "@/lib/db/batches";
import { getEffectiveTopologies } from "@/lib/db/effective-files";
import { latencyTestOf } from "@/lib/db/run-columns";
import { getRunDetail, type RunDetail } from "@/lib/db/runs";
import { efficiency } from "./aggregate";
import { analyzedTopology } from "./analyzed-topology";
import { runCriticalPath } from "./run-critical-path";
import { storedSnapshot } from "./stored-snapshot";

export type ResourcePoint = { t: number; cpuCores: number; memoryGiB: number };

/** All containers' CPU (cores) and memory (GiB) per stat bucket, in ms since the run started. */
export const resourcePoints = (run: Pick<RunDetail, "statBuckets" | "startedAt">): ResourcePoint[] => {
  const byT = new Map<number, { cpu: number; mem: number }>();
  for (const b of run.statBuckets) {
    const at = byT.get(b.t) ?? { cpu: 0, mem: 0 };
    byT.set(b.t, { cpu: at.cpu + b.cpuPercentAvg / 100, mem: at.mem + b.memoryUsedBytesAvg });
  }
  const began = run.startedAt.getTime();
  return [...byT]
    .sort(([a], [b]) => a - b)
    .map(([t, v]) => ({
      t: t - began,
      cpuCores: Number(v.cpu.toFixed(3)),
      memoryGiB: Number((v.mem / 2 ** 30).toFixed(3)),
    }));
};

// The parts of a stored event the log shows; anything else in the payload is ignored.
const ZLogPayload = z.object({
  line: z.string().optional(),
  service: z.string().nullable().optional(),
  state: z.unknown().optional(),
  run: z.object({ state: z.string().optional() }).optional(),
});

/** One line of the event log: "   1.25 s  postgres → healthy". */
export const eventLine = ({ t, type, payload }: { t: number; type: string; payload: unknown }): string => {
  const p = ZLogPayload.safeParse(payload).data ?? {};
  const text =
    type === "log"
      ? `${p.service ?? "panel"}: ${p.line ?? ""}`
      : type === "service_state"
        ? `${p.service ?? "?"} → ${String(p.state)}`
        : type === "run_state"
          ? `run → ${p.run?.state ?? "?"}`
          : type;
  return `${(t / 1000).toFixed(2).padStart(8)} s  ${text}\n`;
};

/** The run page's model, or null for an unknown run. */
export const loadRunPage = async (id: string) => {
  const run = await getRunDetail(id);
  if (!run) return null;
  const [batch, effective] = await Promise.all([
    run.batchId ? getBatch({ id: run.batchId }) : null,
    getEffectiveTopologies([run.id]),
  ]);
  const staticPath = analyzedTopology(run.topology)?.analysis.criticalPath ?? null;
  const deployed = effective.get(run.id) ?? null;
  return {
    run,
    batch,
    staticPath,
    hasEffectiveFile: deployed !== null,
    measuredPath: runCriticalPath({ run, services: run.services, deployed: deployed?.topology ?? null }),
    snapshot: storedSnapshot(run),
    points: resourcePoints(run),
    cpuEfficiency: efficiency({ used: run.cpuAvgCores, allocated: run.cpuAllocated }),
    latencyTest: run.kind === "latency" ? latencyTestOf(run.settings) : null,
    eventLog: run.events.map(eventLine),
    settingsText: JSON.stringify(run.settings, null, 2),
  };
};
export type RunPageModel = NonNullable<Awaited<ReturnType<typeof loadRunPage>>>;

// The run page's view model: everything the page shows, shaped from the stored run, so the page only
// lays it out (sums of stat buckets, the event log's lines and the paths are computed here, tested).
import { z } from "zod";
import { predictedVsActual } from "@/lib/prediction/errors";
import { getBatch } from "@/lib/db/batches";
import { getEffectiveTopologies } from "@/lib/db/effective-files";
import { latencyTestOf } from "@/lib/db/run-columns";
import { getRunDetail, redeploysOf, type RunDetail } from "@/lib/db/runs";
import { formatBytes, formatCpus } from "@/lib/format";
import { efficiency } from "./aggregate";
import { analyzedTopology } from "./analyzed-topology";
import { runCriticalPath } from "./run-critical-path";
import { storedSnapshot } from "./stored-snapshot";
import { ZMigrationState } from "@/lib/migrations/steps";

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

// What a Swarm deploy fitted its limits to (settings.fitTo, lib/operations/swarm.ts): an object
// since it is read back; runs stored before then hold a sentence with the same figures.
const ZSwarmFitTo = z.object({
  kind: z.literal("smallest-swarm-node"),
  nodes: z.number(),
  cpus: z.number(),
  memoryBytes: z.number(),
});
const LEGACY_FIT_TO = /^the smallest of (\d+) nodes: ([\d.]+) CPUs, (\d+) bytes$/;

const smallestNodeOf = (fitTo: unknown) => {
  const stored = ZSwarmFitTo.safeParse(fitTo);
  if (stored.success) return stored.data;
  const legacy = typeof fitTo === "string" ? LEGACY_FIT_TO.exec(fitTo) : null;
  return legacy
    ? { nodes: Number(legacy[1]), cpus: Number(legacy[2]), memoryBytes: Number(legacy[3]) }
    : null;
};

/**
 * For a Swarm deploy, the line under the fit mode: a task may land on any node, so its limits are
 * fitted to the smallest node's CPUs and memory, not to this host. Null for any other run.
 */
export const swarmFitLine = (run: Pick<RunDetail, "kind" | "fitMode" | "settings">): string | null => {
  if (run.kind !== "deploy" || run.settings.target !== "swarm") return null;
  const node = smallestNodeOf(run.settings.fitTo);
  const size = node
    ? `the smallest of the swarm's ${node.nodes} node(s): ${formatCpus(node.cpus)}, ${formatBytes(node.memoryBytes)}`
    : "the swarm's smallest node (its CPUs and memory were not recorded)";
  if (run.fitMode === "none") return `Docker Swarm: limits as written, not fitted to ${size}`;
  return `Docker Swarm: limits fitted to ${size}, not to this host: a task may be placed on any node`;
};

/** For a Swarm deploy, the loopback ports it did not publish (settings.unpublishedPorts, lib/swarm/published-ports.ts). */
export const swarmPortsLine = (run: Pick<RunDetail, "kind" | "settings">): string | null =>
  run.kind === "deploy" &&
  run.settings.target === "swarm" &&
  typeof run.settings.unpublishedPorts === "string"
    ? run.settings.unpublishedPorts
    : null;

/** The run page's model, or null for an unknown run. */
export const loadRunPage = async (id: string) => {
  const run = await getRunDetail(id);
  if (!run) return null;
  const [batch, effective, redeployedAs] = await Promise.all([
    run.batchId ? getBatch({ id: run.batchId }) : null,
    getEffectiveTopologies([run.id]),
    run.kind === "deploy"
      ? redeploysOf({ runId: run.id, topology: run.topology, startedAt: run.startedAt })
      : [],
  ]);
  const staticPath = (await analyzedTopology(run.topology))?.analysis.criticalPath ?? null;
  const deployed = effective.get(run.id) ?? null;
  return {
    run,
    batch,
    staticPath,
    hasEffectiveFile: deployed !== null,
    /** "Deploy this again": the run this one deployed again, and the runs that deployed this one again. */
    redeployOf: typeof run.settings.redeployOf === "string" ? run.settings.redeployOf : null,
    redeployedAs,
    measuredPath: await runCriticalPath({
      run,
      services: run.services,
      deployed: deployed?.topology ?? null,
    }),
    snapshot: storedSnapshot(run),
    points: resourcePoints(run),
    cpuEfficiency: efficiency({ used: run.cpuAvgCores, allocated: run.cpuAllocated }),
    latencyTest: run.kind === "latency" ? latencyTestOf(run.settings) : null,
    migration:
      run.kind === "migration" ? (ZMigrationState.safeParse(run.settings.migration).data ?? null) : null,
    swarmFit: swarmFitLine(run),
    swarmPorts: swarmPortsLine(run),
    eventLog: run.events.map(eventLine),
    settingsText: JSON.stringify(run.settings, null, 2),
    prediction: predictedVsActual(run),
  };
};
export type RunPageModel = NonNullable<Awaited<ReturnType<typeof loadRunPage>>>;

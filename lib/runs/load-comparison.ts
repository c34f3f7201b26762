// Loads stored runs into the compare model: each run with its topology's analysis (from the file
// as it is now) and, for runs of a batch, the spread over the batch.
import { startupLayoutFromSettings } from "@/lib/compose/service-roles";
import { getEffectiveTopologies } from "@/lib/db/effective-files";
import { getBatchRuns, getRunsForCompare } from "@/lib/db/runs";
import { phaseOrderOfRuns, phaseTimes } from "./aggregate";
import { analyzedTopology, type AnalyzedTopology } from "./analyzed-topology";
import { compareRuns, type CompareInput, type Table } from "./compare";
import { runEffectiveFile } from "./effective-file";
import { runCriticalPath } from "./run-critical-path";
import { batchMismatches, conditionDifferences, environmentText } from "./conditions";
import { scaleFigures } from "./scale-figures";
import type { StoredRun } from "./stored-snapshot";

export type Comparison = {
  runs: CompareInput[];
  tables: Table[];
  headers: string[];
  /** The runs as stored, in the same order (the compare page draws their timelines from them). */
  stored: StoredRun[];
  /** The startup phases of the compared runs' topologies, in table order. */
  phaseOrder: string[];
  /** Each run's phase times, in the same order. */
  phases: Record<string, number | null>[];
  /** Each run's effective compose file (null: not stored), in the same order. */
  effectiveFiles: (string | null)[];
};

/** Totals and phase times of a batch's runs, or null when the batch has a single run. */
const batchOf = async (batchId: string): Promise<CompareInput["batch"]> => {
  const batchRuns = await getBatchRuns(batchId);
  if (batchRuns.length <= 1) return null;
  const withLayout = batchRuns.map((b) => ({
    services: b.services,
    layout: startupLayoutFromSettings(b.settings),
  }));
  const order = phaseOrderOfRuns(withLayout);
  const batchPhases = withLayout.map((b) => phaseTimes(b.services, b.layout, order));
  return {
    totals: batchRuns.map((b) => b.totalMs),
    phases: Object.fromEntries(order.map((p) => [p, batchPhases.map((x) => x[p] ?? null)])),
    mismatches: batchMismatches(batchRuns),
  };
};

/** The comparison of the given run ids (first = baseline); unknown ids are left out. */
export const loadComparison = async (ids: string[]): Promise<Comparison> => {
  const [rows, effective] = await Promise.all([getRunsForCompare(ids), getEffectiveTopologies(ids)]);
  const analyses = new Map<string, Promise<AnalyzedTopology | null>>();
  const analysisOf = (name: string): Promise<AnalyzedTopology | null> => {
    let analysis = analyses.get(name);
    if (!analysis) analyses.set(name, (analysis = analyzedTopology(name)));
    return analysis;
  };
  // One fetch per batch, however many of the compared runs belong to it.
  const batches = new Map<string, Promise<CompareInput["batch"]>>();
  const batchFor = (batchId: string): Promise<CompareInput["batch"]> => {
    let batch = batches.get(batchId);
    if (!batch) batches.set(batchId, (batch = batchOf(batchId)));
    return batch;
  };
  const runs = await Promise.all(
    rows.map(async (r): Promise<CompareInput> => {
      const analyzed = await analysisOf(r.topology);
      const [batch, figures] = await Promise.all([r.batchId ? batchFor(r.batchId) : null, scaleFigures(r)]);
      const path = await runCriticalPath({
        run: r,
        services: r.services,
        deployed: effective.get(r.id)?.topology ?? null,
      });
      return {
        id: r.id,
        // A run on another engine says where (Compare's conditions also flag the difference).
        label: `${r.topology}${r.environmentId ? ` @ ${environmentText(r)}` : ""} · ${r.strategy} · fit ${r.fitMode ?? "?"} · ${r.dataState ?? "data ?"} · ${r.startedAt.toISOString().slice(0, 16).replace("T", " ")}`,
        topology: r.topology,
        strategy: r.strategy,
        status: r.status,
        totalMs: r.totalMs,
        preparationMs: r.preparationMs,
        readyMs: r.readyMs,
        dockerHealthyMs: r.dockerHealthyMs,
        fitMode: r.fitMode,
        dataState: r.dataState,
        differences: rows[0] && r !== rows[0] ? conditionDifferences({ baseline: rows[0], run: r }) : [],
        services: r.services,
        layout: startupLayoutFromSettings(r.settings),
        cpuAllocated: r.cpuAllocated,
        memAllocatedBytes: r.memAllocatedBytes,
        cpuAvgCores: r.cpuAvgCores,
        cpuPeakCores: r.cpuPeakCores,
        memAvgBytes: r.memAvgBytes,
        memPeakBytes: r.memPeakBytes,
        latencyP50Ms: r.latencyP50Ms,
        latencyP95Ms: r.latencyP95Ms,
        ...figures,
        measuredPath: path
          ? {
              chain: path.links.map((l) => l.service).join(" → "),
              boundMs: path.boundMs,
              ratio: path.ratio,
            }
          : null,
        analysis: analyzed?.analysis ?? null,
        topologyChanged: r.topologyHash !== null && analyzed?.hash !== r.topologyHash,
        batch,
      };
    }),
  );
  const phaseOrder = phaseOrderOfRuns(runs);
  const phases = runs.map((r) => phaseTimes(r.services, r.layout, phaseOrder));
  return {
    runs,
    tables: compareRuns(runs, phaseOrder, phases),
    headers: runs.map((r) => r.label),
    stored: rows,
    phaseOrder,
    phases,
    effectiveFiles: rows.map((r) => {
      const stored = effective.get(r.id);
      // Without the header: it names the run, which differs by definition.
      return stored ? runEffectiveFile({ run: r, stored }).replace(/^(#.*\n)+/, "") : null;
    }),
  };
};

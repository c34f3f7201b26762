// Loads stored runs into the compare model: each run with its topology's analysis (from the file
// as it is now) and, for runs of a batch, the spread over the batch.
import { loadPanelTopology } from "@/lib/catalog/topologies";
import { analyzeTopology, type TopologyAnalysis } from "@/lib/compose";
import { getBatchRuns, getRunsForCompare, nodeAdditionAfter } from "@/lib/db/runs";
import { GUIDE_PHASES, phaseTimes } from "./aggregate";
import type { RunSnapshot } from "@/lib/deploy/events-public";
import { compareRuns, type CompareInput, type Table } from "./compare";
import { storedSnapshot } from "./stored-snapshot";

type Analyzed = { analysis: TopologyAnalysis; hash: string } | null;

const analysisOf = (name: string, cache: Map<string, Analyzed>): Analyzed => {
  if (!cache.has(name)) {
    const loaded = loadPanelTopology({ name, forDisplay: true });
    const topology = loaded?.result.ok ? loaded.result.topology : null;
    cache.set(
      name,
      topology ? { analysis: analyzeTopology({ topology }), hash: topology.contentHash } : null,
    );
  }
  return cache.get(name) ?? null;
};

export type Comparison = {
  runs: CompareInput[];
  tables: Table[];
  headers: string[];
  snapshots: RunSnapshot[];
};

/** The comparison of the given run ids (first = baseline); unknown ids are left out. */
export const loadComparison = async (ids: string[]): Promise<Comparison> => {
  const rows = await getRunsForCompare(ids);
  const cache = new Map<string, Analyzed>();
  const runs = await Promise.all(
    rows.map(async (r): Promise<CompareInput> => {
      const batchRuns = r.batchId ? await getBatchRuns(r.batchId) : [];
      const batchPhases = batchRuns.map((b) => phaseTimes(b.services));
      return {
        id: r.id,
        label: `${r.topology} · ${r.strategy} · ${r.startedAt.toISOString().slice(0, 16).replace("T", " ")}`,
        topology: r.topology,
        strategy: r.strategy,
        status: r.status,
        totalMs: r.totalMs,
        services: r.services,
        cpuAllocated: r.cpuAllocated,
        memAllocatedBytes: r.memAllocatedBytes,
        cpuAvgCores: r.cpuAvgCores,
        cpuPeakCores: r.cpuPeakCores,
        memAvgBytes: r.memAvgBytes,
        memPeakBytes: r.memPeakBytes,
        latencyP50Ms: r.latencyP50Ms,
        latencyP95Ms: r.latencyP95Ms,
        nodeAdditionMs: await nodeAdditionAfter({ project: r.project, startedAt: r.startedAt }),
        analysis: analysisOf(r.topology, cache)?.analysis ?? null,
        topologyChanged: r.topologyHash !== null && analysisOf(r.topology, cache)?.hash !== r.topologyHash,
        batch:
          batchRuns.length > 1
            ? {
                totals: batchRuns.map((b) => b.totalMs),
                phases: Object.fromEntries(GUIDE_PHASES.map((p) => [p, batchPhases.map((x) => x[p])])),
              }
            : null,
      };
    }),
  );
  return {
    runs,
    tables: compareRuns(runs),
    headers: runs.map((r) => r.label),
    snapshots: rows.map(storedSnapshot),
  };
};

// "Efficiency" as the topology guide means it: what the cluster uses now against what its compose
// limits allocate. Averaged over the last few ticks so the line does not flicker every second.
import type { StatsHistory } from "@/lib/stats/series";
import { efficiency } from "@/lib/runs/aggregate";

export type Allocated = { cpus: number | null; memoryBytes: number | null };

export type Efficiency = {
  cpuUsedCores: number;
  cpuAllocatedCores: number | null;
  /** used ÷ allocated, 0..1+ (null without an allocation) */
  cpuShare: number | null;
  memoryUsedBytes: number;
  memoryAllocatedBytes: number | null;
  memoryShare: number | null;
};

/** Used vs allocated over the newest `ticks` ticks; null before the first sample. */
export const efficiencyOf = (history: StatsHistory, allocated: Allocated, ticks = 10): Efficiency | null => {
  const recent = history.totals.slice(-ticks);
  if (recent.length === 0) return null;
  const cpuUsedCores = recent.reduce((sum, t) => sum + t.cpuPercent, 0) / recent.length / 100;
  const memoryUsedBytes = recent.reduce((sum, t) => sum + t.memoryUsedBytes, 0) / recent.length;
  return {
    cpuUsedCores,
    cpuAllocatedCores: allocated.cpus,
    cpuShare: efficiency({ used: cpuUsedCores, allocated: allocated.cpus }),
    memoryUsedBytes,
    memoryAllocatedBytes: allocated.memoryBytes,
    memoryShare: efficiency({ used: memoryUsedBytes, allocated: allocated.memoryBytes }),
  };
};

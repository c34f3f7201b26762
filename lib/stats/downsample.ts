// What a run stores: not every 1 s sample, but per-container buckets (5 s by default) with the
// average and the peak, enough for history charts and run comparison at a 5th of the rows.
import type { ContainerSample } from "./sample";

export type StatsBucket = {
  containerId: string;
  name: string;
  service: string;
  /** Bucket start, ms since the epoch (a multiple of bucketMs). */
  t: number;
  samples: number;
  cpuPercentAvg: number;
  cpuPercentMax: number;
  memoryUsedBytesAvg: number;
  memoryUsedBytesMax: number;
  memoryLimitBytes: number;
  netRxRateAvg: number;
  netTxRateAvg: number;
  /** Counters at the end of the bucket (cumulative, like `docker stats`). */
  netRxBytes: number;
  netTxBytes: number;
  blockReadBytes: number;
  blockWriteBytes: number;
  pidsMax: number;
};

export type SummarizeRunOptions = { samples: ContainerSample[]; bucketMs?: number };

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

/** A run's samples reduced to per-container time buckets, ordered by container then time. */
export const summarizeRun = ({ samples, bucketMs = 5000 }: SummarizeRunOptions): StatsBucket[] => {
  const groups = new Map<string, ContainerSample[]>();
  for (const sample of samples) {
    const key = `${sample.containerId}\u0000${Math.floor(sample.t / bucketMs) * bucketMs}`;
    const group = groups.get(key);
    if (group) group.push(sample);
    else groups.set(key, [sample]);
  }
  const buckets: StatsBucket[] = [];
  for (const group of groups.values()) {
    group.sort((a, b) => a.t - b.t);
    const last = group.at(-1)!;
    buckets.push({
      containerId: last.containerId,
      name: last.name,
      service: last.service,
      t: Math.floor(last.t / bucketMs) * bucketMs,
      samples: group.length,
      cpuPercentAvg: mean(group.map((s) => s.cpuPercent)),
      cpuPercentMax: Math.max(...group.map((s) => s.cpuPercent)),
      memoryUsedBytesAvg: mean(group.map((s) => s.memoryUsedBytes)),
      memoryUsedBytesMax: Math.max(...group.map((s) => s.memoryUsedBytes)),
      memoryLimitBytes: last.memoryLimitBytes,
      netRxRateAvg: mean(group.map((s) => s.netRxRate)),
      netTxRateAvg: mean(group.map((s) => s.netTxRate)),
      netRxBytes: last.netRxBytes,
      netTxBytes: last.netTxBytes,
      blockReadBytes: last.blockReadBytes,
      blockWriteBytes: last.blockWriteBytes,
      pidsMax: Math.max(...group.map((s) => s.pids)),
    });
  }
  return buckets.sort((a, b) => a.containerId.localeCompare(b.containerId) || a.t - b.t);
};

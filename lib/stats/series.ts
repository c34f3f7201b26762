// The live-stats wire shapes and the pure folds both ends share: the server builds a late joiner's
// history by folding its recent batches with `appendBatch`, the browser keeps folding live ones.
import type { ContainerSample, StatsSource } from "@/lib/stats/sample";

/** Sums over a project's containers at one tick. CPU % is in docker CLI units (100 = one core). */
export type ClusterTotals = {
  containers: number;
  cpuPercent: number;
  memoryUsedBytes: number;
  memoryLimitBytes: number;
  netRxRate: number;
  netTxRate: number;
};

/** Where a batch's samples were read: all from cgroups, all from Docker's streams, or some of each. */
export type BatchSource = StatsSource | "mixed";

/**
 * One message per project per tick: the newest sample of every container that reported since the
 * last, where they were read, and the period the project is collected at (ms).
 */
export type StatsBatch = {
  project: string;
  t: number;
  samples: ContainerSample[];
  totals: ClusterTotals;
  source: BatchSource;
  intervalMs: number;
};

/** The source of a set of samples (null when there are none). */
export const sourceOf = (samples: Iterable<Pick<ContainerSample, "source">>): BatchSource | null => {
  let source: BatchSource | null = null;
  for (const s of samples) {
    if (source === null) source = s.source;
    else if (source !== s.source) return "mixed";
  }
  return source;
};

/** Per-container columns aligned with `StatsHistory.ticks`; null where the container did not report. */
export type ContainerSeries = {
  cpuPercent: (number | null)[];
  memoryUsedBytes: (number | null)[];
  netRxRate: (number | null)[];
  netTxRate: (number | null)[];
};

/** The recent window of a project, columnar so ten minutes of a dozen containers stay small. */
export type StatsHistory = {
  project: string;
  ticks: number[];
  totals: ClusterTotals[];
  series: Record<string, ContainerSeries>;
  /** The newest sample of each container seen in the window (names, limits, counters for the table). */
  latest: Record<string, ContainerSample>;
};

export const STATS_WINDOW_POINTS = 600; // 10 minutes at 1 s

/** Totals of a batch's samples. */
export const totalsOf = (samples: ContainerSample[]): ClusterTotals => {
  const totals = {
    containers: samples.length,
    cpuPercent: 0,
    memoryUsedBytes: 0,
    memoryLimitBytes: 0,
    netRxRate: 0,
    netTxRate: 0,
  };
  for (const s of samples) {
    totals.cpuPercent += s.cpuPercent;
    totals.memoryUsedBytes += s.memoryUsedBytes;
    totals.memoryLimitBytes += s.memoryLimitBytes;
    totals.netRxRate += s.netRxRate;
    totals.netTxRate += s.netTxRate;
  }
  return totals;
};

export const emptyHistory = (project: string): StatsHistory => ({
  project,
  ticks: [],
  totals: [],
  series: {},
  latest: {},
});

const nulls = (n: number): null[] => Array.from({ length: n }, () => null);
const columns = ["cpuPercent", "memoryUsedBytes", "netRxRate", "netTxRate"] as const;

/** The history with one more batch, trimmed to the newest `maxPoints` ticks. Returns a new object. */
export const appendBatch = (
  history: StatsHistory,
  batch: StatsBatch,
  maxPoints = STATS_WINDOW_POINTS,
): StatsHistory => {
  const last = history.ticks.at(-1);
  if (last !== undefined && batch.t <= last) return history; // a replayed or out-of-order batch
  const drop = Math.max(0, history.ticks.length + 1 - maxPoints);
  const length = history.ticks.length - drop;
  const bySample = new Map(batch.samples.map((s) => [s.containerId, s]));
  const series: Record<string, ContainerSeries> = {};
  for (const id of new Set([...Object.keys(history.series), ...bySample.keys()])) {
    const before = history.series[id];
    const sample = bySample.get(id);
    const column = (key: (typeof columns)[number]) => [
      ...(before ? before[key].slice(drop) : nulls(length)),
      sample ? sample[key] : null,
    ];
    const next = {
      cpuPercent: column("cpuPercent"),
      memoryUsedBytes: column("memoryUsedBytes"),
      netRxRate: column("netRxRate"),
      netTxRate: column("netTxRate"),
    };
    if (next.cpuPercent.some((v) => v !== null)) series[id] = next; // a container gone for the whole window leaves
  }
  const latest: Record<string, ContainerSample> = {};
  for (const id of Object.keys(series)) {
    const sample = bySample.get(id) ?? history.latest[id];
    if (sample) latest[id] = sample;
  }
  return {
    project: history.project,
    ticks: [...history.ticks.slice(drop), batch.t],
    totals: [...history.totals.slice(drop), batch.totals],
    series,
    latest,
  };
};

/** The history of a run of batches (oldest first) in one pass; what a late joiner receives. */
export const historyFromBatches = (
  project: string,
  batches: StatsBatch[],
  maxPoints = STATS_WINDOW_POINTS,
): StatsHistory => {
  const kept = batches.slice(-maxPoints);
  const history = emptyHistory(project);
  kept.forEach((batch, index) => {
    history.ticks.push(batch.t);
    history.totals.push(batch.totals);
    for (const sample of batch.samples) {
      const series = (history.series[sample.containerId] ??= {
        cpuPercent: nulls(kept.length),
        memoryUsedBytes: nulls(kept.length),
        netRxRate: nulls(kept.length),
        netTxRate: nulls(kept.length),
      });
      for (const key of columns) series[key][index] = sample[key];
      history.latest[sample.containerId] = sample;
    }
  });
  return history;
};

export type SeriesPoint = { t: number } & Record<string, number | null>;

/**
 * At most `maxPoints` points: the newest half kept at full resolution, older points averaged into
 * equal buckets (nulls ignored), so a long series stays smooth and cheap to draw.
 */
export const capSeries = <P extends SeriesPoint>(points: P[], maxPoints = STATS_WINDOW_POINTS): P[] => {
  if (points.length <= maxPoints) return points;
  const recent = Math.floor(maxPoints / 2);
  const older = points.slice(0, points.length - recent);
  const buckets = maxPoints - recent;
  const size = Math.ceil(older.length / buckets);
  const averaged: P[] = [];
  for (let start = 0; start < older.length; start += size) {
    const bucket = older.slice(start, start + size);
    const point: Record<string, number | null> = { t: bucket[0]!.t };
    for (const key of new Set(bucket.flatMap((p) => Object.keys(p)))) {
      if (key === "t") continue;
      const values = bucket.map((p) => p[key]).filter((v): v is number => typeof v === "number");
      point[key] = values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
    }
    averaged.push(point as P);
  }
  return [...averaged, ...points.slice(points.length - recent)];
};

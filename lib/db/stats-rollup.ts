// The arithmetic of the resource history (docs/HISTORY.md), pure: which stored level and display bucket
// a range reads, and how finer rows roll up into coarser ones. lib/db/stats-history.ts does the I/O.

/**
 * The stored levels (seconds one row stands for), finest first. 10 s rows are downsampled to 60 s
 * after 24 h, 60 s to 600 s after 7 days; 600 s and 3600 s rows live the retention (the hourly
 * rows only make a month's chart read a sixth of the rows).
 */
export const HISTORY_LEVELS_S = [10, 60, 600, 3600] as const;
export type HistoryLevelS = (typeof HISTORY_LEVELS_S)[number];
/** The levels rolled up from a finer one, and from which. */
export const ROLLED_UP_FROM = { 60: 10, 600: 60, 3600: 600 } as const;
export type RolledUpLevelS = keyof typeof ROLLED_UP_FROM;

/** How long a level is kept before only the next coarser one remains (ms); the others live the retention. */
export const LEVEL_KEPT_MS: Record<10 | 60, number> = {
  10: 24 * 3600_000,
  60: 7 * 24 * 3600_000,
};

/** Display buckets a range may be drawn in (s), each a multiple of a stored level. */
const DISPLAY_BUCKETS_S = [10, 60, 300, 600, 1800, 3600, 7200, 21_600] as const;
/** About this many points per series at most: enough for a chart, small enough to answer fast. */
export const MAX_POINTS_PER_SERIES = 400;

/** One stored row (a reading, or a rolled-up bucket of readings). Counters are bytes since the container started. */
export type StatRow = {
  /** The environment (Docker engine) the container ran on; null: the panel's own engine. */
  environment: string | null;
  project: string;
  service: string;
  container: string;
  t: number;
  resolutionS: number;
  cpuPercent: number;
  memoryUsedBytes: number;
  memoryLimitBytes: number;
  netRxBytes: number;
  netTxBytes: number;
  blockReadBytes: number;
  blockWriteBytes: number;
};

export type HistoryResolution = { levelS: HistoryLevelS; bucketS: number };

export type ResolutionOptions = { fromMs: number; toMs: number; nowMs: number };

/**
 * The level to read and the bucket to draw for a range: buckets small enough for detail, at most
 * MAX_POINTS_PER_SERIES of them, from the finest level still kept at the range's start.
 */
export const resolutionFor = ({ fromMs, toMs, nowMs }: ResolutionOptions): HistoryResolution => {
  const spanS = Math.max(0, toMs - fromMs) / 1000;
  const bucketS =
    DISPLAY_BUCKETS_S.find((b) => spanS / b <= MAX_POINTS_PER_SERIES) ?? DISPLAY_BUCKETS_S.at(-1)!;
  const ageMs = nowMs - fromMs;
  const keptLevel: HistoryLevelS = ageMs > LEVEL_KEPT_MS[60] ? 600 : ageMs > LEVEL_KEPT_MS[10] ? 60 : 10;
  const finestForBucket = [...HISTORY_LEVELS_S].reverse().find((l) => bucketS % l === 0) ?? 10;
  const levelS = Math.max(keptLevel, finestForBucket) as HistoryLevelS;
  return { levelS, bucketS: Math.max(bucketS, levelS) };
};

/**
 * Rolls rows up into buckets of `bucketS` seconds per container: CPU and memory averaged, the limit
 * and the counters the bucket's largest (counters only grow while a container runs), the service
 * of its last row. Rows in, one row per engine, container and bucket out, oldest first.
 */
export const rollUp = (rows: readonly StatRow[], bucketS: number): StatRow[] => {
  const bucketMs = bucketS * 1000;
  const groups = new Map<string, { row: StatRow; n: number; lastT: number }>();
  for (const r of rows) {
    const start = Math.floor(r.t / bucketMs) * bucketMs;
    // A project of one name may run on two engines: their containers are not one series.
    const key = `${r.environment ?? ""}\u0000${r.project}\u0000${r.container}\u0000${start}`;
    const g = groups.get(key);
    if (!g) {
      groups.set(key, { row: { ...r, t: start, resolutionS: bucketS }, n: 1, lastT: r.t });
      continue;
    }
    const acc = g.row;
    g.n += 1;
    acc.cpuPercent += (r.cpuPercent - acc.cpuPercent) / g.n;
    acc.memoryUsedBytes += (r.memoryUsedBytes - acc.memoryUsedBytes) / g.n;
    acc.memoryLimitBytes = Math.max(acc.memoryLimitBytes, r.memoryLimitBytes);
    acc.netRxBytes = Math.max(acc.netRxBytes, r.netRxBytes);
    acc.netTxBytes = Math.max(acc.netTxBytes, r.netTxBytes);
    acc.blockReadBytes = Math.max(acc.blockReadBytes, r.blockReadBytes);
    acc.blockWriteBytes = Math.max(acc.blockWriteBytes, r.blockWriteBytes);
    if (r.t >= g.lastT) {
      acc.service = r.service;
      g.lastT = r.t;
    }
  }
  return [...groups.values()].map((g) => g.row).sort((a, b) => a.t - b.t);
};

/** Bytes per second between two counter readings; null when the counter went back (a restart). */
export const rateBetween = (before: number, after: number, seconds: number): number | null =>
  after >= before && seconds > 0 ? (after - before) / seconds : null;

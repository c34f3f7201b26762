// The resource history's queries (docs/HISTORY.md): one transaction per recorder tick, roll-ups
// and retention in small chunks that yield to the event loop between them, and range reads that
// aggregate in SQL so a 30-day chart reads a few hundred points per container.
import { setImmediate as yieldToLoop } from "node:timers/promises";
import { Prisma } from "@/generated/prisma/client";
import { getPrisma } from "./client";
import { isPostgresUrl, databaseUrl } from "./url";
import {
  HISTORY_LEVELS_S,
  LEVEL_KEPT_MS,
  ROLLED_UP_FROM,
  rollUp,
  type HistoryLevelS,
  type RolledUpLevelS,
  type StatRow,
} from "./stats-rollup";

export type { StatRow } from "./stats-rollup";

const DAY_MS = 24 * 3600_000;
/** A bucket is rolled up only this long after it ends, so a tick's late rows are in it. */
const SETTLE_MS = 30_000;
/** Source rows read per chunk of a roll-up: the loop gets control back between chunks. */
// About 1200 rows per chunk for 20 containers: a backlog is read and deleted in pieces of a few ms.
const CHUNK_MS: Record<RolledUpLevelS, number> = { 60: 600_000, 600: 3600_000, 3600: 6 * 3600_000 };
/** Rows deleted per statement, by time window of their level: a day's backlog never goes in one. */
const DELETE_WINDOW_MS: Record<10 | 60, number> = { 10: 600_000, 60: 3600_000 };

/** Stores one recorder tick's readings in one transaction. */
export const writeStatRows = async (rows: readonly StatRow[]): Promise<void> => {
  if (rows.length === 0) return;
  await getPrisma().$transaction([getPrisma().containerStatSample.createMany({ data: [...rows] })]);
};

const latestT = async (resolutionS: number): Promise<number | null> =>
  (await getPrisma().containerStatSample.aggregate({ where: { resolutionS }, _max: { t: true } }))._max.t;
const earliestT = async (resolutionS: number): Promise<number | null> =>
  (await getPrisma().containerStatSample.aggregate({ where: { resolutionS }, _min: { t: true } }))._min.t;

const ROW_FIELDS = {
  environment: true,
  project: true,
  service: true,
  container: true,
  t: true,
  resolutionS: true,
  cpuPercent: true,
  memoryUsedBytes: true,
  memoryLimitBytes: true,
  netRxBytes: true,
  netTxBytes: true,
  blockReadBytes: true,
  blockWriteBytes: true,
} as const;

// Rolls the finer level's completed buckets into `levelS` rows, from where the level last ended.
// Returns the end of what the level now covers (ms), null when there is nothing to roll up.
const rollUpLevel = async (levelS: RolledUpLevelS, nowMs: number): Promise<number | null> => {
  const sourceS = ROLLED_UP_FROM[levelS];
  const levelMs = levelS * 1000;
  const last = await latestT(levelS);
  const first = last === null ? await earliestT(sourceS) : last + levelMs;
  if (first === null) return null;
  const end = Math.floor((nowMs - SETTLE_MS) / levelMs) * levelMs;
  let from = Math.floor(first / levelMs) * levelMs;
  while (from < end) {
    const to = Math.min(end, from + CHUNK_MS[levelS]);
    const rows = await getPrisma().containerStatSample.findMany({
      where: { resolutionS: sourceS, t: { gte: from, lt: to } },
      select: ROW_FIELDS,
    });
    const rolled = rollUp(rows, levelS);
    if (rolled.length > 0) await writeStatRows(rolled);
    from = to;
    // A stretch without rows (no cluster ran) is jumped over, not read window by window.
    if (rows.length === 0) {
      const next = await getPrisma().containerStatSample.findFirst({
        where: { resolutionS: sourceS, t: { gte: to, lt: end } },
        orderBy: { t: "asc" },
        select: { t: true },
      });
      if (!next) break;
      from = Math.floor(next.t / levelMs) * levelMs;
    }
    await yieldToLoop();
  }
  return end;
};

export type MaintainOptions = { nowMs: number; retentionDays: number };
export type MaintainReport = { rolledUpTo: Record<RolledUpLevelS, number | null>; deletedRows: number };

// Deletes a level's rows before `before`, a window at a time with a yield between statements.
const deleteBefore = async (resolutionS: 10 | 60, before: number): Promise<number> => {
  let deleted = 0;
  // From the oldest row left each time: a stretch without rows costs one query, not one per window.
  let from = await earliestT(resolutionS);
  while (from !== null && from < before) {
    const to = Math.min(before, from + DELETE_WINDOW_MS[resolutionS]);
    deleted += (await getPrisma().containerStatSample.deleteMany({ where: { resolutionS, t: { lt: to } } }))
      .count;
    await yieldToLoop();
    from = await earliestT(resolutionS);
  }
  return deleted;
};

/**
 * Rolls completed buckets up (10 s → 60 s → 600 s → 3600 s), then deletes 10 s rows older than
 * 24 h and 60 s rows older than 7 days once a coarser level covers them, and every row older than
 * the retention. Safe to run at any period; a missed period is caught up chunk by chunk.
 */
export const maintainStatsHistory = async ({
  nowMs,
  retentionDays,
}: MaintainOptions): Promise<MaintainReport> => {
  const to60 = await rollUpLevel(60, nowMs);
  const to600 = await rollUpLevel(600, nowMs);
  const to3600 = await rollUpLevel(3600, nowMs);
  let deletedRows = 0;
  if (to60 !== null) deletedRows += await deleteBefore(10, Math.min(nowMs - LEVEL_KEPT_MS[10], to60));
  if (to600 !== null) deletedRows += await deleteBefore(60, Math.min(nowMs - LEVEL_KEPT_MS[60], to600));
  // Past the retention: every level (600 s and 3600 s rows are a few per container-day).
  // Level by level, so each delete seeks the (resolutionS, t) index instead of scanning every row.
  for (const resolutionS of HISTORY_LEVELS_S)
    deletedRows += (
      await getPrisma().containerStatSample.deleteMany({
        where: { resolutionS, t: { lt: nowMs - retentionDays * DAY_MS } },
      })
    ).count;
  return { rolledUpTo: { 60: to60, 600: to600, 3600: to3600 }, deletedRows };
};

/**
 * One container's bucket as a chart reads it: averages, the limit, counters at the bucket's end;
 * `t` is the bucket's start (ms since the epoch).
 */
export type StatBucket = Omit<StatRow, "environment" | "project" | "resolutionS"> & {
  cpuPercentMax: number;
  /** The newest row's time in the bucket (ms): rates are counter differences over these times. */
  lastT: number;
};

export type ReadStatBucketsOptions = {
  /** The engine the project ran on (an Environment id); null: the panel's own. */
  environment: string | null;
  project: string;
  fromMs: number;
  toMs: number;
  levelS: HistoryLevelS;
  bucketS: number;
};

/**
 * A project's rows of one level on one engine in [fromMs, toMs), aggregated per container into
 * `bucketS` buckets in SQL.
 */
export const readStatBuckets = async ({
  environment,
  project,
  fromMs,
  toMs,
  levelS,
  bucketS,
}: ReadStatBucketsOptions): Promise<StatBucket[]> => {
  if (!HISTORY_LEVELS_S.includes(levelS) || !Number.isInteger(bucketS) || bucketS <= 0)
    throw new Error(`bad resolution ${levelS}/${bucketS}`);
  const bucketMs = bucketS * 1000;
  // SQLite's CAST truncates (t ≥ 0); PostgreSQL's rounds, so it floors.
  const index = isPostgresUrl(databaseUrl())
    ? Prisma.raw(`FLOOR("t" / ${bucketMs})`)
    : Prisma.raw(`CAST("t" / ${bucketMs} AS INTEGER)`);
  const onEngine =
    environment === null ? Prisma.sql`"environment" IS NULL` : Prisma.sql`"environment" = ${environment}`;
  const rows = await getPrisma().$queryRaw<(Omit<StatBucket, "t"> & { b: number | bigint })[]>`
    SELECT "container", MAX("service") AS "service", ${index} AS "b", MAX("t") AS "lastT",
      AVG("cpuPercent") AS "cpuPercent", MAX("cpuPercent") AS "cpuPercentMax",
      AVG("memoryUsedBytes") AS "memoryUsedBytes", MAX("memoryLimitBytes") AS "memoryLimitBytes",
      MAX("netRxBytes") AS "netRxBytes", MAX("netTxBytes") AS "netTxBytes",
      MAX("blockReadBytes") AS "blockReadBytes", MAX("blockWriteBytes") AS "blockWriteBytes"
    FROM "ContainerStatSample"
    WHERE "resolutionS" = ${levelS} AND "project" = ${project} AND ${onEngine}
      AND "t" >= ${fromMs} AND "t" < ${toMs}
    GROUP BY "container", ${index}
    ORDER BY "container", ${index}`;
  return rows.map(({ b, ...rest }) => ({
    ...rest,
    cpuPercent: Number(rest.cpuPercent),
    cpuPercentMax: Number(rest.cpuPercentMax),
    lastT: Number(rest.lastT),
    memoryUsedBytes: Number(rest.memoryUsedBytes),
    memoryLimitBytes: Number(rest.memoryLimitBytes),
    netRxBytes: Number(rest.netRxBytes),
    netTxBytes: Number(rest.netTxBytes),
    blockReadBytes: Number(rest.blockReadBytes),
    blockWriteBytes: Number(rest.blockWriteBytes),
    t: Number(b) * bucketMs,
  }));
};

/** How many rows each level holds (the bench and the tests read it). */
export const statRowCounts = async (): Promise<Record<HistoryLevelS, number>> => {
  const groups = await getPrisma().containerStatSample.groupBy({
    by: ["resolutionS"],
    _count: { _all: true },
  });
  const counts: Record<HistoryLevelS, number> = { 10: 0, 60: 0, 600: 0, 3600: 0 };
  for (const g of groups)
    if (HISTORY_LEVELS_S.includes(g.resolutionS as HistoryLevelS))
      counts[g.resolutionS as HistoryLevelS] = g._count._all;
  return counts;
};

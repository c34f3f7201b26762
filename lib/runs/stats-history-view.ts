// The resource history of a project as its chart draws it (docs/HISTORY.md): per container, a point
// per bucket with CPU and memory averages and network and block I/O rates (differences of the
// stored counters), and the project's runs and alerts as markers on the time axis.
import { alertMarkers } from "@/lib/db/alerts";
import { runMarkers, type ProjectRange } from "@/lib/db/runs";
import { readStatBuckets, type StatBucket } from "@/lib/db/stats-history";
import { rateBetween, resolutionFor } from "@/lib/db/stats-rollup";

export type HistoryPoint = {
  /** Bucket start, ms since the epoch. */
  t: number;
  cpuPercent: number;
  cpuPercentMax: number;
  memoryUsedBytes: number;
  memoryLimitBytes: number;
  /** Bytes per second over the bucket; null for the first bucket or after a restart. */
  netRxRate: number | null;
  netTxRate: number | null;
  blockReadRate: number | null;
  blockWriteRate: number | null;
};

export type HistorySeries = { container: string; service: string; points: HistoryPoint[] };

export type HistoryMarker = Awaited<ReturnType<typeof runMarkers>>[number];
/** An alert of the project opened in the range: when, which rule, its title, when it was resolved (null: open). */
export type HistoryAlertMarker = Awaited<ReturnType<typeof alertMarkers>>[number];

export type StatsHistoryView = {
  /** The engine read (an Environment id); null: the panel's own. */
  environment: string | null;
  project: string;
  fromMs: number;
  toMs: number;
  /** The stored level read (s) and the bucket drawn (s). */
  levelS: number;
  bucketS: number;
  series: HistorySeries[];
  markers: HistoryMarker[];
  alerts: HistoryAlertMarker[];
};

const pointsOf = (buckets: StatBucket[]): HistoryPoint[] =>
  buckets.map((b, i) => {
    const before = buckets[i - 1];
    // Over the newest readings' times, not the buckets': a bucket still filling is not a dip.
    const seconds = before ? (b.lastT - before.lastT) / 1000 : 0;
    const rate = (key: "netRxBytes" | "netTxBytes" | "blockReadBytes" | "blockWriteBytes") =>
      before ? rateBetween(before[key], b[key], seconds) : null;
    return {
      t: b.t,
      cpuPercent: b.cpuPercent,
      cpuPercentMax: b.cpuPercentMax,
      memoryUsedBytes: b.memoryUsedBytes,
      memoryLimitBytes: b.memoryLimitBytes,
      netRxRate: rate("netRxBytes"),
      netTxRate: rate("netTxBytes"),
      blockReadRate: rate("blockReadBytes"),
      blockWriteRate: rate("blockWriteBytes"),
    };
  });

export type StatsHistoryViewOptions = ProjectRange & { nowMs?: number };

/**
 * A project's history on one engine in [fromMs, toMs) at the resolution the range asks for, with
 * its run and alert markers there.
 */
export const statsHistoryView = async ({
  environment,
  project,
  fromMs,
  toMs,
  nowMs = Date.now(),
}: StatsHistoryViewOptions): Promise<StatsHistoryView> => {
  const { levelS, bucketS } = resolutionFor({ fromMs, toMs, nowMs });
  const [buckets, markers, alerts] = await Promise.all([
    readStatBuckets({ environment, project, fromMs, toMs, levelS, bucketS }),
    runMarkers({ environment, project, fromMs, toMs }),
    alertMarkers({ environment, project, fromMs, toMs }),
  ]);
  const byContainer = new Map<string, StatBucket[]>();
  for (const b of buckets) {
    const rows = byContainer.get(b.container);
    if (rows) rows.push(b);
    else byContainer.set(b.container, [b]);
  }
  const series = [...byContainer].map(([container, rows]) => ({
    container,
    service: rows.at(-1)?.service ?? container,
    points: pointsOf(rows),
  }));
  return { environment, project, fromMs, toMs, levelS, bucketS, series, markers, alerts };
};

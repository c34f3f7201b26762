// The resource history chart's data (docs/HISTORY.md): the range picker's choices, and recharts rows
// `{ t, [container]: value }` from the API's series. Pure and client-safe (types only from lib/).
import type { HistoryPoint, StatsHistoryView } from "@/lib/runs/stats-history-view";

const HOUR_MS = 3600_000;

/** The range picker's presets (one definition: the buttons and their spans). */
export const HISTORY_RANGES = [
  { id: "1h", label: "1 h", spanMs: HOUR_MS },
  { id: "6h", label: "6 h", spanMs: 6 * HOUR_MS },
  { id: "24h", label: "24 h", spanMs: 24 * HOUR_MS },
  { id: "7d", label: "7 d", spanMs: 7 * 24 * HOUR_MS },
  { id: "30d", label: "30 d", spanMs: 30 * 24 * HOUR_MS },
] as const;
export type HistoryRangeId = (typeof HISTORY_RANGES)[number]["id"] | "custom";

/** What one chart of the history draws per container. */
export type HistoryMetric = "cpuPercent" | "memoryUsedBytes" | "netRate" | "blockRate";

const valueOf = (p: HistoryPoint, metric: HistoryMetric): number | null => {
  if (metric === "netRate")
    return p.netRxRate === null || p.netTxRate === null ? null : p.netRxRate + p.netTxRate;
  if (metric === "blockRate")
    return p.blockReadRate === null || p.blockWriteRate === null ? null : p.blockReadRate + p.blockWriteRate;
  return p[metric];
};

export type HistoryRow = { t: number } & Record<string, number | null>;

/** One row per bucket, one key per container (its name), null where a container has no point. */
export const historyRows = (view: StatsHistoryView, metric: HistoryMetric): HistoryRow[] => {
  const rows = new Map<number, HistoryRow>();
  for (const s of view.series)
    for (const p of s.points) {
      const row = rows.get(p.t) ?? { t: p.t };
      row[s.container] = valueOf(p, metric);
      rows.set(p.t, row);
    }
  return [...rows.values()].sort((a, b) => a.t - b.t);
};

/** A time-axis tick for a range: the clock within a day, the date and hour beyond. */
export const historyTick =
  (spanMs: number) =>
  (t: number): string =>
    new Date(t).toLocaleString(
      [],
      spanMs <= 24 * HOUR_MS
        ? { hour: "2-digit", minute: "2-digit", hour12: false }
        : { month: "short", day: "numeric", hour: "2-digit", hour12: false },
    );

// Recharts rows from a project's stats history: one row per tick, one key per container plus the
// cluster totals, capped at 600 points (older ones averaged) so the chart stays smooth.
import { capSeries, type ContainerSeries, type SeriesPoint, type StatsHistory } from "@/lib/stats/series";

export type MetricKey = keyof ContainerSeries;

/** Rows `{ t, total, [containerId]: value }` for one metric. */
export const metricRows = (history: StatsHistory, metric: MetricKey, maxPoints = 600): SeriesPoint[] => {
  const ids = Object.keys(history.series);
  const rows = history.ticks.map((t, i) => {
    const row: SeriesPoint = { t, total: history.totals[i]?.[metric] ?? null };
    for (const id of ids) row[id] = history.series[id]![metric][i] ?? null;
    return row;
  });
  return capSeries(rows, maxPoints);
};

/** Rows `{ t, rx, tx }` of network rates, for the cluster (no id) or one container. */
export const networkRows = (
  history: StatsHistory,
  containerId: string | null,
  maxPoints = 600,
): SeriesPoint[] => {
  const series = containerId ? history.series[containerId] : undefined;
  const rows = history.ticks.map((t, i) =>
    containerId
      ? { t, rx: series?.netRxRate[i] ?? null, tx: series?.netTxRate[i] ?? null }
      : { t, rx: history.totals[i]?.netRxRate ?? null, tx: history.totals[i]?.netTxRate ?? null },
  );
  return capSeries(rows, maxPoints);
};

/** The largest number in some rows' keys (for the axis unit). */
export const maxOf = (rows: SeriesPoint[], keys: string[]): number => {
  let max = 0;
  for (const row of rows) for (const key of keys) max = Math.max(max, row[key] ?? 0);
  return max;
};

/** Containers of a history, named, in a stable order (by service, then name). */
/** A container as a chart series. */
export type ChartContainer = { id: string; name: string; service: string };

export const containersOf = (history: StatsHistory): ChartContainer[] =>
  Object.keys(history.series)
    .map((id) => ({
      id,
      name: history.latest[id]?.name ?? id.slice(0, 12),
      service: history.latest[id]?.service ?? "",
    }))
    .sort((a, b) => a.service.localeCompare(b.service) || a.name.localeCompare(b.name));

/** A colour per line, distinguishable on light and dark backgrounds. */
export const PALETTE = [
  "#0ea5e9",
  "#f97316",
  "#22c55e",
  "#a855f7",
  "#ef4444",
  "#eab308",
  "#14b8a6",
  "#ec4899",
  "#6366f1",
  "#84cc16",
];
export const colorAt = (index: number): string => PALETTE[index % PALETTE.length]!;

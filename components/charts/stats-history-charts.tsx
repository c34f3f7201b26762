"use client";
// The resource history of a topology (docs/HISTORY.md): a range picker (presets and custom), four
// charts with a line per container, and the topology's runs and alerts as markers on the time axis.
import { useEffect, useState } from "react";
import {
  CartesianGrid,
  Legend,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { callApi } from "@/components/auth/api";
import { ErrorText } from "@/components/ui/alert";
import type { StatsHistoryView } from "@/lib/runs/stats-history-view";
import { AXIS_TICK, CHART_MARGIN, ChartCard, containerLines, GRID_STROKE, LEGEND } from "./chart-card";
import { formatMemory, formatPercent, formatRate } from "./format";
import {
  HISTORY_RANGES,
  historyRows,
  historyTick,
  type HistoryMetric,
  type HistoryRangeId,
} from "./history-rows";

const CHARTS: { metric: HistoryMetric; title: string; format: (v: number) => string; note: string }[] = [
  {
    metric: "cpuPercent",
    title: "CPU",
    format: formatPercent,
    note: "Average per bucket; 100 % is one core.",
  },
  {
    metric: "memoryUsedBytes",
    title: "Memory",
    format: formatMemory,
    note: "Average per bucket, as docker stats.",
  },
  {
    metric: "netRate",
    title: "Network I/O",
    format: formatRate,
    note: "Received + sent per second, over each bucket.",
  },
  {
    metric: "blockRate",
    title: "Block I/O",
    format: formatRate,
    note: "Read + written per second, over each bucket.",
  },
];

const MARKER_COLOUR: Record<string, string> = { deploy: "#16a34a", teardown: "#dc2626", scale: "#2563eb" };
/** An alert's marker: solid, where a run's is dashed. */
const ALERT_COLOUR = "#b45309";

const localInput = (ms: number): string => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};

const presetQuery = (spanMs: number) => {
  const now = Date.now();
  return { from: String(now - spanMs), to: String(now) };
};

/** The history section of a topology on an engine: fetches GET /api/v1/stats/history for the picked range. */
export const StatsHistoryCharts = ({
  topology,
  environment,
}: {
  topology: string;
  /** The environment's name ("local": the panel's own engine). */
  environment: string;
}) => {
  const [range, setRange] = useState<HistoryRangeId>("1h");
  const [custom, setCustom] = useState(() => ({
    from: localInput(Date.now() - 3600_000),
    to: localInput(Date.now()),
  }));
  const [query, setQuery] = useState(() => presetQuery(HISTORY_RANGES[0].spanMs));
  const [view, setView] = useState<StatsHistoryView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let live = true;
    void callApi<StatsHistoryView>(
      `/api/v1/stats/history?${new URLSearchParams({ topology, environment, ...query })}`,
    ).then((answer) => {
      if (!live) return;
      setLoading(false);
      setError(answer.ok ? null : answer.error.message);
      if (answer.ok) setView(answer.data);
    });
    return () => {
      live = false;
    };
  }, [topology, environment, query]);

  const pick = (id: HistoryRangeId) => {
    setRange(id);
    const preset = HISTORY_RANGES.find((r) => r.id === id);
    if (!preset) return;
    setLoading(true);
    setQuery(presetQuery(preset.spanMs));
  };
  const showCustom = () => {
    setLoading(true);
    setQuery({ from: new Date(custom.from).toISOString(), to: new Date(custom.to).toISOString() });
  };

  const containers = (view?.series ?? []).map((s) => ({
    id: s.container,
    name: s.container,
    service: s.service,
  }));
  const spanMs = view ? view.toMs - view.fromMs : 3600_000;
  return (
    <div className="space-y-3" data-testid="stats-history">
      <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Range">
        {[...HISTORY_RANGES, { id: "custom" as const, label: "Custom" }].map((r) => (
          <button
            key={r.id}
            type="button"
            aria-pressed={range === r.id}
            onClick={() => pick(r.id)}
            className={`rounded-full border px-3 py-1 text-sm ${range === r.id ? "border-zinc-900 bg-zinc-900 text-white dark:border-zinc-100 dark:bg-zinc-100 dark:text-zinc-900" : "border-zinc-300 dark:border-zinc-700"}`}
          >
            {r.label}
          </button>
        ))}
        {range === "custom" && (
          <form
            className="flex flex-wrap items-center gap-2 text-sm"
            onSubmit={(e) => {
              e.preventDefault();
              showCustom();
            }}
          >
            <label>
              From{" "}
              <input
                type="datetime-local"
                value={custom.from}
                onChange={(e) => setCustom({ ...custom, from: e.target.value })}
                className="rounded border px-1 dark:bg-zinc-900"
              />
            </label>
            <label>
              To{" "}
              <input
                type="datetime-local"
                value={custom.to}
                onChange={(e) => setCustom({ ...custom, to: e.target.value })}
                className="rounded border px-1 dark:bg-zinc-900"
              />
            </label>
            <button type="submit" className="rounded border px-2 py-0.5">
              Show
            </button>
          </form>
        )}
        <span className="text-xs text-zinc-500" data-testid="history-resolution">
          {loading ? "loading…" : view ? `${view.bucketS} s per point, ${containers.length} containers` : ""}
        </span>
      </div>
      <ErrorText error={error} />
      {view && view.alerts.length > 0 && (
        <details className="text-sm" data-testid="history-alerts">
          <summary className="cursor-pointer text-amber-700 dark:text-amber-400">
            {view.alerts.length} alert{view.alerts.length === 1 ? "" : "s"} opened in this range (⚠ on the
            charts)
          </summary>
          <ul className="list-disc pl-5">
            {view.alerts.map((a) => (
              <li key={a.alertId}>
                {new Date(a.t).toLocaleString()}: {a.title}
                {a.resolvedT === null
                  ? " — still open"
                  : ` — resolved ${new Date(a.resolvedT).toLocaleString()}`}
              </li>
            ))}
          </ul>
        </details>
      )}
      {view && containers.length === 0 && (
        <p className="text-sm text-zinc-500">
          No stored samples in this range: the history records while the cluster runs.
        </p>
      )}
      <div className="grid gap-4 lg:grid-cols-2">
        {CHARTS.map((c) => (
          <ChartCard key={c.metric} title={c.title} note={c.note} testId={`history-${c.metric}`}>
            <ResponsiveContainer>
              <LineChart data={view ? historyRows(view, c.metric) : []} margin={CHART_MARGIN}>
                <CartesianGrid stroke={GRID_STROKE} vertical={false} />
                <XAxis
                  dataKey="t"
                  type="number"
                  scale="time"
                  domain={view ? [view.fromMs, view.toMs] : ["dataMin", "dataMax"]}
                  tickFormatter={historyTick(spanMs)}
                  tick={AXIS_TICK}
                  minTickGap={40}
                />
                <YAxis tick={AXIS_TICK} width={64} tickFormatter={(v: number) => c.format(v)} />
                <Tooltip
                  labelFormatter={(t) => new Date(Number(t)).toLocaleString()}
                  formatter={(v) => c.format(Number(v))}
                />
                <Legend {...LEGEND} />
                {(view?.markers ?? []).map((m) => (
                  <ReferenceLine
                    key={m.runId}
                    x={m.t}
                    stroke={MARKER_COLOUR[m.kind] ?? "#a1a1aa"}
                    strokeDasharray="3 3"
                    label={{
                      value: m.kind,
                      position: "insideTopRight",
                      fontSize: 10,
                      fill: MARKER_COLOUR[m.kind] ?? "#71717a",
                    }}
                  />
                ))}
                {(view?.alerts ?? []).map((a) => (
                  <ReferenceLine
                    key={`alert-${a.alertId}`}
                    x={a.t}
                    stroke={ALERT_COLOUR}
                    strokeWidth={2}
                    label={{
                      value: `⚠ ${a.rule}${a.resolvedT === null ? " (open)" : ""}`,
                      position: "insideTopLeft",
                      fontSize: 10,
                      fill: ALERT_COLOUR,
                    }}
                  />
                ))}
                {containerLines(containers)}
              </LineChart>
            </ResponsiveContainer>
          </ChartCard>
        ))}
      </div>
    </div>
  );
};

"use client";
import { memo } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { StatsHistory } from "@/lib/stats/series";
import {
  AXIS_TICK,
  CHART_MARGIN,
  ChartCard,
  CLOCK_TOOLTIP,
  containerLines,
  GRID_STROKE,
  LEGEND,
  TIME_AXIS,
} from "./chart-card";
import { statsSourceOf } from "./stats-source";
import { metricRows, type ChartContainer } from "./chart-rows";
import { formatPercent } from "./format";

/**
 * CPU % per container and for the cluster, last 10 minutes; 100 % is one full core.
 * `containers` is `containersOf(history)`. Memoized: redraws only when the history changes.
 */
export const CpuChart = memo(function CpuChart({
  history,
  containers,
}: {
  history: StatsHistory;
  containers: ChartContainer[];
}) {
  const rows = metricRows(history, "cpuPercent");
  return (
    <ChartCard
      title="CPU"
      testId="chart-cpu"
      source={statsSourceOf(history)}
      note="CPU % as the docker CLI computes it: (container CPU delta ÷ host CPU delta) × online CPUs × 100, so 100 % is one core."
    >
      <ResponsiveContainer>
        <LineChart data={rows} margin={CHART_MARGIN}>
          <CartesianGrid stroke={GRID_STROKE} vertical={false} />
          <XAxis {...TIME_AXIS} />
          <YAxis
            tick={AXIS_TICK}
            width={56}
            tickFormatter={(v: number) => `${v}`}
            label={{ value: "CPU %", angle: -90, position: "insideLeft", style: AXIS_TICK }}
          />
          <Tooltip {...CLOCK_TOOLTIP} formatter={(v) => formatPercent(Number(v))} />
          <Legend {...LEGEND} />
          <Line
            dataKey="total"
            name="cluster total"
            stroke="#71717a"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
            connectNulls
          />
          {containerLines(containers)}
        </LineChart>
      </ResponsiveContainer>
    </ChartCard>
  );
});

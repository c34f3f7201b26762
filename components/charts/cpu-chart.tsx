"use client";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { StatsHistory } from "@/lib/realtime/stats-series";
import { AXIS_TICK, CHART_MARGIN, ChartCard, containerLines, GRID_STROKE, TIME_AXIS } from "./chart-card";
import { containersOf, metricRows } from "./chart-rows";
import { formatClock, formatPercent } from "./format";

/** CPU % per container and for the cluster, last 10 minutes at 1 s; 100 % is one full core. */
export const CpuChart = ({ history }: { history: StatsHistory }) => {
  const rows = metricRows(history, "cpuPercent");
  const containers = containersOf(history);
  return (
    <ChartCard
      title="CPU"
      testId="chart-cpu"
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
          <Tooltip
            labelFormatter={(t) => formatClock(Number(t))}
            formatter={(v) => formatPercent(Number(v))}
          />
          <Legend wrapperStyle={{ fontSize: 11 }} />
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
};

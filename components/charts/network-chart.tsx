"use client";
import { memo } from "react";
import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { StatsHistory } from "@/lib/stats/series";
import {
  CHART_MARGIN,
  ChartCard,
  CLOCK_TOOLTIP,
  GRID_STROKE,
  LEGEND,
  TIME_AXIS,
  unitAxis,
} from "./chart-card";
import { statsSourceOf } from "./stats-source";
import { maxOf, networkRows } from "./chart-rows";
import { formatRate, rateAxisUnit, unitTicks } from "./format";

/**
 * Network receive and send rates of the cluster, or of one container when `containerId` is given.
 * Memoized: redraws only when its props change.
 */
export const NetworkChart = memo(function NetworkChart({
  history,
  containerId = null,
  label = "cluster",
}: {
  history: StatsHistory;
  containerId?: string | null;
  label?: string;
}) {
  const rows = networkRows(history, containerId);
  const top = maxOf(rows, ["rx", "tx"]);
  const { unit, divisor } = rateAxisUnit(top);
  const ticks = unitTicks(top, divisor);
  return (
    <ChartCard
      title={`Network (${label})`}
      testId="chart-network"
      source={statsSourceOf(history)}
      note="Bytes received and sent over all interfaces, per second between two readings."
    >
      <ResponsiveContainer>
        <AreaChart data={rows} margin={CHART_MARGIN}>
          <CartesianGrid stroke={GRID_STROKE} vertical={false} />
          <XAxis {...TIME_AXIS} />
          <YAxis {...unitAxis({ ticks, unit, divisor })} />
          <Tooltip {...CLOCK_TOOLTIP} formatter={(v) => formatRate(Number(v))} />
          <Legend {...LEGEND} />
          <Area
            dataKey="rx"
            name="received"
            stroke="#0ea5e9"
            fill="#0ea5e933"
            isAnimationActive={false}
            connectNulls
          />
          <Area
            dataKey="tx"
            name="sent"
            stroke="#f97316"
            fill="#f9731633"
            isAnimationActive={false}
            connectNulls
          />
        </AreaChart>
      </ResponsiveContainer>
    </ChartCard>
  );
});

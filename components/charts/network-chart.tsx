"use client";
import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { StatsHistory } from "@/lib/realtime/stats-series";
import { AXIS_TICK, CHART_MARGIN, ChartCard, GRID_STROKE, TIME_AXIS } from "./chart-card";
import { maxOf, networkRows } from "./chart-rows";
import { formatClock, formatRate, rateAxisUnit, unitTicks } from "./format";

/** Network receive and send rates of the cluster, or of one container when `containerId` is given. */
export const NetworkChart = ({
  history,
  containerId = null,
  label = "cluster",
}: {
  history: StatsHistory;
  containerId?: string | null;
  label?: string;
}) => {
  const rows = networkRows(history, containerId);
  const top = maxOf(rows, ["rx", "tx"]);
  const { unit, divisor } = rateAxisUnit(top);
  const ticks = unitTicks(top, divisor);
  return (
    <ChartCard
      title={`Network (${label})`}
      testId="chart-network"
      note="Bytes received and sent over all interfaces, per second between two Docker readings."
    >
      <ResponsiveContainer>
        <AreaChart data={rows} margin={CHART_MARGIN}>
          <CartesianGrid stroke={GRID_STROKE} vertical={false} />
          <XAxis {...TIME_AXIS} />
          <YAxis
            tick={AXIS_TICK}
            width={56}
            domain={[0, ticks.at(-1) ?? "auto"]}
            ticks={ticks}
            tickFormatter={(v: number) => `${Math.round((v / divisor) * 10) / 10}`}
            label={{ value: unit, angle: -90, position: "insideLeft", style: AXIS_TICK }}
          />
          <Tooltip labelFormatter={(t) => formatClock(Number(t))} formatter={(v) => formatRate(Number(v))} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
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
};

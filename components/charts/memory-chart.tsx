"use client";
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { StatsHistory } from "@/lib/realtime/stats-series";
import { AXIS_TICK, CHART_MARGIN, ChartCard, containerLines, GRID_STROKE, TIME_AXIS } from "./chart-card";
import { containersOf, maxOf, metricRows } from "./chart-rows";
import { formatClock, formatMemory, memoryAxisUnit, unitTicks } from "./format";

/** Memory used per container and for the cluster, against the allocated limit when one is given. */
export const MemoryChart = ({
  history,
  limitBytes,
}: {
  history: StatsHistory;
  limitBytes?: number | null;
}) => {
  const rows = metricRows(history, "memoryUsedBytes");
  const containers = containersOf(history);
  const top = Math.max(maxOf(rows, ["total"]), limitBytes ?? 0);
  const { unit, divisor } = memoryAxisUnit(top);
  const ticks = unitTicks(top, divisor);
  return (
    <ChartCard
      title="Memory used"
      testId="chart-memory"
      note="Memory used as the docker CLI computes it: usage minus the inactive file cache (inactive_file on cgroup v2, total_inactive_file on v1)."
    >
      <ResponsiveContainer>
        <ComposedChart data={rows} margin={CHART_MARGIN}>
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
          <Tooltip
            labelFormatter={(t) => formatClock(Number(t))}
            formatter={(v) => formatMemory(Number(v))}
          />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          <Area
            dataKey="total"
            name="cluster used"
            stroke="#71717a"
            fill="#71717a33"
            isAnimationActive={false}
            connectNulls
          />
          {containerLines(containers)}
          {limitBytes ? (
            <ReferenceLine
              y={limitBytes}
              stroke="#ef4444"
              strokeDasharray="4 4"
              label={{
                value: `allocated ${formatMemory(limitBytes)}`,
                fontSize: 11,
                fill: "#ef4444",
                position: "insideTopRight",
              }}
            />
          ) : null}
        </ComposedChart>
      </ResponsiveContainer>
    </ChartCard>
  );
};

"use client";
import { memo } from "react";
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
import type { StatsHistory } from "@/lib/stats/series";
import {
  CHART_MARGIN,
  ChartCard,
  CLOCK_TOOLTIP,
  containerLines,
  GRID_STROKE,
  LEGEND,
  TIME_AXIS,
  unitAxis,
} from "./chart-card";
import { statsSourceOf } from "./stats-source";
import { maxOf, metricRows, type ChartContainer } from "./chart-rows";
import { formatMemory, memoryAxisUnit, unitTicks } from "./format";

/**
 * Memory used per container and for the cluster, against the allocated limit when one is given.
 * `containers` is `containersOf(history)`. Memoized: redraws only when its props change.
 */
export const MemoryChart = memo(function MemoryChart({
  history,
  containers,
  limitBytes,
}: {
  history: StatsHistory;
  containers: ChartContainer[];
  limitBytes?: number | null;
}) {
  const rows = metricRows(history, "memoryUsedBytes");
  const top = Math.max(maxOf(rows, ["total"]), limitBytes ?? 0);
  const { unit, divisor } = memoryAxisUnit(top);
  const ticks = unitTicks(top, divisor);
  return (
    <ChartCard
      title="Memory used"
      testId="chart-memory"
      source={statsSourceOf(history)}
      note="Memory used as the docker CLI computes it: usage minus the inactive file cache (inactive_file on cgroup v2, total_inactive_file on v1)."
    >
      <ResponsiveContainer>
        <ComposedChart data={rows} margin={CHART_MARGIN}>
          <CartesianGrid stroke={GRID_STROKE} vertical={false} />
          <XAxis {...TIME_AXIS} />
          <YAxis {...unitAxis({ ticks, unit, divisor })} />
          <Tooltip {...CLOCK_TOOLTIP} formatter={(v) => formatMemory(Number(v))} />
          <Legend {...LEGEND} />
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
});

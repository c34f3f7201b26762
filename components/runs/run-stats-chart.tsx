"use client";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type StoredPoint = { t: number; cpuCores: number; memoryGiB: number };

/** The run's stored cluster CPU (cores) and memory (GiB), 5 s buckets. */
export const RunStatsChart = ({ points }: { points: StoredPoint[] }) =>
  points.length === 0 ? (
    <p className="text-sm text-zinc-500">No resource samples were stored for this run.</p>
  ) : (
    <div className="h-56 w-full" data-testid="run-stats-chart">
      <ResponsiveContainer>
        <LineChart data={points} margin={{ top: 4, right: 8, bottom: 4, left: 8 }}>
          <CartesianGrid strokeOpacity={0.2} vertical={false} />
          <XAxis
            dataKey="t"
            type="number"
            domain={["dataMin", "dataMax"]}
            tickFormatter={(t: number) => `${Math.round(t / 1000)} s`}
            tick={{ fontSize: 11 }}
          />
          <YAxis
            yAxisId="cpu"
            tick={{ fontSize: 11 }}
            label={{ value: "CPU (cores)", angle: -90, position: "insideLeft", style: { fontSize: 11 } }}
          />
          <YAxis
            yAxisId="mem"
            orientation="right"
            tick={{ fontSize: 11 }}
            label={{ value: "memory (GiB)", angle: 90, position: "insideRight", style: { fontSize: 11 } }}
          />
          <Tooltip labelFormatter={(t) => `${Math.round(Number(t) / 1000)} s into the run`} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          <Line
            yAxisId="cpu"
            dataKey="cpuCores"
            name="cluster CPU (cores)"
            stroke="#0ea5e9"
            dot={false}
            isAnimationActive={false}
          />
          <Line
            yAxisId="mem"
            dataKey="memoryGiB"
            name="cluster memory (GiB)"
            stroke="#10b981"
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );

"use client";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const COLORS = ["#8b5cf6", "#0ea5e9", "#10b981", "#f59e0b", "#a1a1aa"];

/** Stacked bars: each run's startup time split into the guide's phases (seconds). */
export const PhaseBars = ({
  runs,
  phases,
}: {
  runs: { label: string; seconds: Record<string, number | null> }[];
  phases: string[];
}) => (
  <div className="h-64 w-full" data-testid="phase-bars">
    <ResponsiveContainer>
      <BarChart
        data={runs.map((r) => ({ label: r.label, ...r.seconds }))}
        margin={{ top: 4, right: 8, bottom: 4, left: 8 }}
      >
        <CartesianGrid strokeOpacity={0.2} vertical={false} />
        <XAxis dataKey="label" tick={{ fontSize: 10 }} />
        <YAxis
          tick={{ fontSize: 11 }}
          label={{ value: "seconds", angle: -90, position: "insideLeft", style: { fontSize: 11 } }}
        />
        <Tooltip formatter={(v) => `${Number(v).toFixed(1)} s`} />
        <Legend wrapperStyle={{ fontSize: 11 }} />
        {phases.map((phase, i) => (
          <Bar
            key={phase}
            dataKey={phase}
            stackId="startup"
            fill={COLORS[i % COLORS.length]}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  </div>
);

"use client";
import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import type { StripPlot as TStripPlot } from "@/lib/operations/experiment-view";
import { colorAt } from "@/components/charts/chart-rows";
import { AXIS_TICK, ChartCard, GRID_STROKE } from "@/components/charts/chart-card";

const scaleOf = (unit: string): { divide: number; suffix: string } =>
  unit === "ms"
    ? { divide: 1000, suffix: "s" }
    : unit === "bytes"
      ? { divide: 1024 ** 2, suffix: "MiB" }
      : { divide: 1, suffix: unit };

/** Every sample of one metric per variant (a strip plot), the median as a bar, outliers in red. */
export const StripPlot = ({ plot }: { plot: TStripPlot }) => {
  const { divide, suffix } = scaleOf(plot.unit);
  const labels = plot.variants.map((v) => v.label);
  return (
    <ChartCard
      title={plot.label}
      testId={`strip-${plot.metric}`}
      note="Each dot is one repetition (spread sideways so equal values stay visible); the bar is the median; red dots are outliers by modified Z-score (|M| > 3.5), kept in every figure."
    >
      <ResponsiveContainer>
        <ScatterChart margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid stroke={GRID_STROKE} />
          <XAxis
            type="number"
            dataKey="x"
            domain={[-0.5, plot.variants.length - 0.5]}
            ticks={plot.variants.map((v) => v.index)}
            tickFormatter={(i: number) => labels[i] ?? ""}
            tick={AXIS_TICK}
          />
          <YAxis
            type="number"
            dataKey="y"
            tick={AXIS_TICK}
            width={64}
            tickFormatter={(v: number) => `${Number((v / divide).toFixed(2))} ${suffix}`}
          />
          <Tooltip
            formatter={(value) => `${Number((Number(value) / divide).toFixed(3))} ${suffix}`}
            labelFormatter={() => ""}
          />
          {plot.variants.map((variant) => (
            <Scatter
              key={variant.index}
              name={variant.label}
              data={variant.points}
              isAnimationActive={false}
              fill={colorAt(variant.index)}
              shape={(props: { cx?: number; cy?: number; payload?: { outlier: boolean } }) => (
                <circle
                  cx={props.cx}
                  cy={props.cy}
                  r={4}
                  fill={props.payload?.outlier ? "#dc2626" : colorAt(variant.index)}
                />
              )}
            />
          ))}
          {plot.variants.map((variant) =>
            variant.median === null ? null : (
              <Scatter
                key={`median-${variant.index}`}
                name={`${variant.label} median`}
                data={[{ x: variant.index, y: variant.median }]}
                isAnimationActive={false}
                shape={(props: { cx?: number; cy?: number }) => (
                  <line
                    x1={(props.cx ?? 0) - 28}
                    x2={(props.cx ?? 0) + 28}
                    y1={props.cy}
                    y2={props.cy}
                    stroke="#18181b"
                    strokeWidth={2}
                  />
                )}
              />
            ),
          )}
        </ScatterChart>
      </ResponsiveContainer>
    </ChartCard>
  );
};

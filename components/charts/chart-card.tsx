import type { ReactNode } from "react";
import { Line } from "recharts";
import type { BatchSource } from "@/lib/stats/series";
import type { ChartContainer } from "./chart-rows";
import { colorAt } from "./chart-rows";
import { formatClock } from "./format";
import { SOURCE_LABEL, SOURCE_TITLE } from "./stats-source";

/**
 * A titled chart card; `note` says how the numbers are computed, under the chart, and `source` where
 * they were read, beside the title.
 */
export const ChartCard = ({
  title,
  note,
  source,
  children,
  testId,
}: {
  title: string;
  note?: ReactNode;
  source?: BatchSource | null;
  children: ReactNode;
  testId?: string;
}) => (
  <section
    data-testid={testId}
    className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900"
  >
    <div className="mb-2 flex items-baseline justify-between gap-2">
      <h3 className="text-sm font-semibold text-zinc-600 dark:text-zinc-300">{title}</h3>
      {source ? (
        <span
          data-testid="stats-source"
          data-source={source}
          title={SOURCE_TITLE[source]}
          className="text-xs text-zinc-500 dark:text-zinc-400"
        >
          {SOURCE_LABEL[source]}
        </span>
      ) : null}
    </div>
    <div className="h-56 w-full">{children}</div>
    {note ? <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">{note}</p> : null}
  </section>
);

/** Shared axis and grid styling that reads on light and dark backgrounds. */
export const AXIS_TICK = { fontSize: 11, fill: "#71717a" };
export const GRID_STROKE = "#a1a1aa33";

/** Props of the shared time axis (epoch ms on a time scale): spread into `<XAxis {...TIME_AXIS} />`. */
export const TIME_AXIS = {
  dataKey: "t",
  type: "number",
  scale: "time",
  domain: ["dataMin", "dataMax"],
  tickFormatter: formatClock,
  tick: AXIS_TICK,
  minTickGap: 40,
} as const;

export const CHART_MARGIN = { top: 4, right: 8, bottom: 4, left: 8 };

/** Tooltip props that title a point with its wall-clock time: `<Tooltip {...CLOCK_TOOLTIP} formatter={…} />`. */
export const CLOCK_TOOLTIP = { labelFormatter: (t: ReactNode) => formatClock(Number(t)) };

/** Legend props of every chart: `<Legend {...LEGEND} />`. */
export const LEGEND = { wrapperStyle: { fontSize: 11 } };

/**
 * Props of a Y axis in one unit from 0 to the last of `ticks` (raw values, see `unitTicks`), labelled
 * with `unit` and ticked in it: spread into `<YAxis {...unitAxis({ ticks, unit, divisor })} />`.
 */
export const unitAxis = ({ ticks, unit, divisor }: { ticks: number[]; unit: string; divisor: number }) => ({
  tick: AXIS_TICK,
  width: 56,
  domain: [0, ticks.at(-1) ?? "auto"] as [number, number | "auto"],
  ticks,
  tickFormatter: (v: number) => `${Math.round((v / divisor) * 10) / 10}`,
  label: { value: unit, angle: -90, position: "insideLeft" as const, style: AXIS_TICK },
});

/** One line per container, animation off (recharts needs them as direct children, so a function). */
export const containerLines = (containers: ChartContainer[]) =>
  containers.map((c, i) => (
    <Line
      key={c.id}
      dataKey={c.id}
      name={c.service || c.name}
      stroke={colorAt(i)}
      dot={false}
      isAnimationActive={false}
      connectNulls
    />
  ));

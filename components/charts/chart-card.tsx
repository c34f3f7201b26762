import type { ReactNode } from "react";

/** A titled chart card; `note` says where the numbers come from, under the chart. */
export const ChartCard = ({
  title,
  note,
  children,
  testId,
}: {
  title: string;
  note?: ReactNode;
  children: ReactNode;
  testId?: string;
}) => (
  <section
    data-testid={testId}
    className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900"
  >
    <h3 className="mb-2 text-sm font-semibold text-zinc-600 dark:text-zinc-300">{title}</h3>
    <div className="h-56 w-full">{children}</div>
    {note ? <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">{note}</p> : null}
  </section>
);

/** Shared axis and grid styling that reads on light and dark backgrounds. */
export const AXIS_TICK = { fontSize: 11, fill: "#71717a" };
export const GRID_STROKE = "#a1a1aa33";

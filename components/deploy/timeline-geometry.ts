// Where the startup timeline draws its bars: pure, so the clamp is unit-tested.

/**
 * The chart's right edge in ms since the run started. A live run's clock (`nowT`, the browser's)
 * can trail the server's event times (`lastT`), so the edge is the later of the two: no bar that
 * the server has already timed can start past it.
 */
export const timelineEndMs = ({
  totalMs,
  nowT,
  lastT,
}: {
  totalMs: number | null;
  nowT: number;
  lastT: number;
}): number => Math.max(totalMs ?? Math.max(nowT, lastT), 1);

/** A bar from `fromMs` to `toMs` as percentages of the chart, always inside it (0 ≤ left ≤ left+width ≤ 100). */
export const timelineSpan = ({
  fromMs,
  toMs,
  endMs,
}: {
  fromMs: number;
  toMs: number;
  endMs: number;
}): { leftPct: number; widthPct: number } => {
  const at = (t: number) => Math.min(100, Math.max(0, (t / endMs) * 100));
  const leftPct = at(fromMs);
  return { leftPct, widthPct: Math.max(0, at(toMs) - leftPct) };
};

/** CSS for a bar: at least 2 px wide, and a 2 px bar at the right edge still ends inside the chart. */
export const barStyle = ({ leftPct, widthPct }: { leftPct: number; widthPct: number }) => ({
  left: `min(${leftPct}%, calc(100% - 2px))`,
  width: `max(2px, ${widthPct}%)`,
});

/** CSS for a shaded phase area (no minimum width: an empty phase shades nothing). */
export const areaStyle = ({ leftPct, widthPct }: { leftPct: number; widthPct: number }) => ({
  left: `${leftPct}%`,
  width: `${widthPct}%`,
});

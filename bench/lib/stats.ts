// Median and spread of repeated measurements, as the report prints them.

export type Spread = { n: number; median: number | null; min: number | null; max: number | null };

/** Median, min and max of the numbers (nulls are failed repetitions and are left out). */
export const spreadOf = (values: (number | null)[]): Spread => {
  const xs = values
    .filter((v): v is number => typeof v === "number" && Number.isFinite(v))
    .sort((a, b) => a - b);
  if (xs.length === 0) return { n: 0, median: null, min: null, max: null };
  const mid = Math.floor(xs.length / 2);
  const median = xs.length % 2 ? (xs[mid] as number) : ((xs[mid - 1] as number) + (xs[mid] as number)) / 2;
  return { n: xs.length, median, min: xs[0] as number, max: xs.at(-1) as number };
};

/** "12.3 s (11.9–13.0, n=3)". */
export const formatSpreadSeconds = (s: Spread): string =>
  s.median === null
    ? "—"
    : s.n === 1
      ? `${(s.median / 1000).toFixed(1)} s`
      : `${(s.median / 1000).toFixed(1)} s (${((s.min ?? 0) / 1000).toFixed(1)}–${((s.max ?? 0) / 1000).toFixed(1)}, n=${s.n})`;

/** a ÷ b rounded, or null. */
export const ratioOf = (a: number | null, b: number | null): number | null =>
  a === null || b === null || b <= 0 ? null : Math.round((a / b) * 1000) / 1000;

// The statistics an experiment's verdict rests on: summaries, a seeded percentile bootstrap of the
// ratio of medians, the Mann–Whitney U test (SciPy's method="auto" rules), Cliff's delta, Holm's
// correction and modified Z-score outliers. Pure functions; checked against SciPy by
// statistics.test.ts on the fixtures that fixtures/make-reference.py writes.
//
// Written here rather than taken from a library: simple-statistics (the well-kept candidate) has
// median, mean and σ but neither an exact Mann–Whitney distribution, a tie-corrected normal
// approximation, Holm, Cliff's delta nor a seeded bootstrap — the parts that need care.

import { median } from "@/lib/median";

export type Summary = {
  n: number;
  median: number;
  mean: number;
  /** Sample standard deviation (n − 1); 0 for one value. */
  sd: number;
  min: number;
  max: number;
};

const sortedCopy = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);

const requireValues = (values: readonly number[], what: string): void => {
  if (values.length === 0) throw new Error(`${what}: no values`);
  if (values.some((v) => !Number.isFinite(v))) throw new Error(`${what}: a value is not a finite number`);
};

/** n, median, mean ± sample σ, min and max of a non-empty sample. */
export const summarize = (values: readonly number[]): Summary => {
  requireValues(values, "summarize");
  const sorted = sortedCopy(values);
  const n = sorted.length;
  const mean = sorted.reduce((sum, v) => sum + v, 0) / n;
  const sd = n > 1 ? Math.sqrt(sorted.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return {
    n,
    median: median(sorted) as number,
    mean,
    sd,
    min: sorted[0] as number,
    max: sorted[n - 1] as number,
  };
};

// ---------------------------------------------------------------------------------------------
// Seeded pseudo-random numbers (mulberry32: 32-bit state, enough for resampling, reproducible).

/** A seeded generator of uniform numbers in [0, 1): the same seed gives the same sequence. */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** A fresh seed for an experiment (stored with it, so its bootstrap can be recomputed). */
export const newSeed = (): number => Math.floor(Math.random() * 2 ** 31);

// ---------------------------------------------------------------------------------------------
// Percentile bootstrap of the ratio of medians.

export const BOOTSTRAP_RESAMPLES = 10_000;

export type RatioInterval = { ratio: number; low: number; high: number; resamples: number; seed: number };

export type BootstrapOptions = {
  /** Numerator sample (the variant). */
  sample: readonly number[];
  /** Denominator sample (the baseline). */
  baseline: readonly number[];
  seed: number;
  resamples?: number;
  /** Two-sided confidence level, 0.95 by default. */
  confidence?: number;
};

const medianOfSorted = (sorted: Float64Array): number => {
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

const resampleMedian = (values: readonly number[], random: () => number, scratch: Float64Array): number => {
  for (let i = 0; i < scratch.length; i++)
    scratch[i] = values[Math.floor(random() * values.length)] as number;
  scratch.sort();
  return medianOfSorted(scratch);
};

/** The q-quantile (0–1) of sorted values with linear interpolation (NumPy's default, as SciPy uses). */
export const quantileSorted = (sorted: ArrayLike<number>, q: number): number => {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const lo = sorted[below] as number;
  return lo + ((sorted[above] as number) - lo) * (position - below);
};

/**
 * median(sample) ÷ median(baseline) with a percentile bootstrap interval: each resample draws both
 * samples with replacement (independently, as scipy.stats.bootstrap with paired=False does).
 */
export const bootstrapRatioOfMedians = ({
  sample,
  baseline,
  seed,
  resamples = BOOTSTRAP_RESAMPLES,
  confidence = 0.95,
}: BootstrapOptions): RatioInterval => {
  requireValues(sample, "bootstrap sample");
  requireValues(baseline, "bootstrap baseline");
  const random = seededRandom(seed);
  const a = new Float64Array(sample.length);
  const b = new Float64Array(baseline.length);
  const ratios = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    ratios[r] = resampleMedian(sample, random, a) / resampleMedian(baseline, random, b);
  }
  ratios.sort();
  const alpha = (1 - confidence) / 2;
  return {
    ratio: (median([...sample]) as number) / (median([...baseline]) as number),
    low: quantileSorted(ratios, alpha),
    high: quantileSorted(ratios, 1 - alpha),
    resamples,
    seed,
  };
};

// ---------------------------------------------------------------------------------------------
// The standard normal's tail (for the Mann–Whitney approximation), accurate to ~1e-15.

const erfcPositive = (x: number): number => {
  if (x < 2) {
    // erf by its Taylor series, converging fast for small x.
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= (-x * x) / n;
      const next = term / (2 * n + 1);
      sum += next;
      if (Math.abs(next) < 1e-17 * Math.abs(sum)) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  // Continued fraction (Lentz) for large x.
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const an = n / 2;
    d = x + an * d;
    d = Math.abs(d) < tiny ? 1 / tiny : 1 / d;
    c = x + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (f * Math.sqrt(Math.PI));
};

/** P(Z ≤ z) for a standard normal Z. */
export const normalCdf = (z: number): number => {
  if (Number.isNaN(z)) return Number.NaN;
  if (z === Infinity) return 1;
  if (z === -Infinity) return 0;
  const x = Math.abs(z) / Math.SQRT2;
  const tail = erfcPositive(x) / 2;
  return z < 0 ? tail : 1 - tail;
};

// ---------------------------------------------------------------------------------------------
// Mann–Whitney U.

export type MannWhitney = {
  /** U of the first sample (SciPy's statistic). */
  u: number;
  /** Two-sided p-value. */
  pValue: number;
  method: "exact" | "asymptotic";
};

/** Average ranks (1-based) of values and the sizes of their tie groups. */
const rankWithTies = (values: readonly number[]): { ranks: number[]; tieSizes: number[] } => {
  const order = values.map((value, index) => ({ value, index })).sort((p, q) => p.value - q.value);
  const ranks = new Array<number>(values.length);
  const tieSizes: number[] = [];
  for (let i = 0; i < order.length;) {
    let j = i;
    while (
      j + 1 < order.length &&
      (order[j + 1] as { value: number }).value === (order[i] as { value: number }).value
    )
      j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[(order[k] as { index: number }).index] = rank;
    tieSizes.push(j - i + 1);
    i = j + 1;
  }
  return { ranks, tieSizes };
};

/**
 * Counts of the arrangements of m + n values giving U = 0 … m·n under the null (the recursion
 * c(m, n, k) = c(m − 1, n, k − n) + c(m, n − 1, k)), as doubles.
 */
const uFrequencies = (m: number, n: number): Float64Array => {
  // table[j] holds the counts for (i, j) while i grows; each row is a Float64Array of length i·j + 1.
  let previous: Float64Array[] = Array.from({ length: n + 1 }, () => Float64Array.of(1)); // i = 0
  for (let i = 1; i <= m; i++) {
    const current: Float64Array[] = [Float64Array.of(1)]; // j = 0
    for (let j = 1; j <= n; j++) {
      const row = new Float64Array(i * j + 1);
      const withoutX = previous[j] as Float64Array; // (i − 1, j): the largest value is an x → adds j
      const withoutY = current[j - 1] as Float64Array; // (i, j − 1): the largest value is a y
      for (let k = 0; k < withoutX.length; k++) row[k + j] = (row[k + j] as number) + (withoutX[k] as number);
      for (let k = 0; k < withoutY.length; k++) row[k] = (row[k] as number) + (withoutY[k] as number);
      current.push(row);
    }
    previous = current;
  }
  return previous[n] as Float64Array;
};

/** Mann–Whitney U, two-sided; exact when either sample has at most 8 values and none tie, else normal with tie and continuity correction (SciPy's "auto"). */
export const mannWhitneyU = (x: readonly number[], y: readonly number[]): MannWhitney => {
  requireValues(x, "Mann–Whitney first sample");
  requireValues(y, "Mann–Whitney second sample");
  const n1 = x.length;
  const n2 = y.length;
  const { ranks, tieSizes } = rankWithTies([...x, ...y]);
  const r1 = ranks.slice(0, n1).reduce((sum, r) => sum + r, 0);
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u = Math.max(u1, n1 * n2 - u1);
  const ties = tieSizes.some((t) => t > 1);
  if ((n1 <= 8 || n2 <= 8) && !ties) {
    const freqs = uFrequencies(Math.min(n1, n2), Math.max(n1, n2));
    let total = 0;
    let atLeast = 0;
    for (let k = 0; k < freqs.length; k++) {
      total += freqs[k] as number;
      if (k >= u) atLeast += freqs[k] as number;
    }
    return { u: u1, pValue: Math.min(1, (2 * atLeast) / total), method: "exact" };
  }
  const n = n1 + n2;
  const tieTerm = tieSizes.reduce((sum, t) => sum + t ** 3 - t, 0);
  const s = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  const numerator = u - (n1 * n2) / 2 - 0.5;
  const z = s === 0 ? (numerator < 0 ? -Infinity : numerator > 0 ? Infinity : Number.NaN) : numerator / s;
  const p = 2 * normalCdf(-z);
  return { u: u1, pValue: Number.isNaN(p) ? 1 : Math.min(1, Math.max(0, p)), method: "asymptotic" };
};

// ---------------------------------------------------------------------------------------------
// Cliff's delta.

export type CliffMagnitude = "negligible" | "small" | "medium" | "large";

/** Romano et al.'s thresholds on |δ|: below 0.147 negligible, 0.33 small, 0.474 medium, else large. */
export const CLIFF_THRESHOLDS = { small: 0.147, medium: 0.33, large: 0.474 } as const;

/** Cliff's δ = P(x > y) − P(x < y) over all pairs: +1 when every x exceeds every y. */
export const cliffsDelta = (x: readonly number[], y: readonly number[]): number => {
  requireValues(x, "Cliff's delta first sample");
  requireValues(y, "Cliff's delta second sample");
  let more = 0;
  let less = 0;
  for (const a of x) {
    for (const b of y) {
      if (a > b) more++;
      else if (a < b) less++;
    }
  }
  return (more - less) / (x.length * y.length);
};

/** The magnitude word for a Cliff's δ. */
export const cliffMagnitude = (delta: number): CliffMagnitude => {
  const size = Math.abs(delta);
  if (size < CLIFF_THRESHOLDS.small) return "negligible";
  if (size < CLIFF_THRESHOLDS.medium) return "small";
  if (size < CLIFF_THRESHOLDS.large) return "medium";
  return "large";
};

// ---------------------------------------------------------------------------------------------
// Holm's step-down correction.

/** Holm-adjusted p-values, in the order given (as statsmodels' multipletests(method="holm")). */
export const holm = (pValues: readonly number[]): number[] => {
  const m = pValues.length;
  const order = pValues.map((p, index) => ({ p, index })).sort((a, b) => a.p - b.p);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, index }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[index] = running;
  });
  return adjusted;
};

// ---------------------------------------------------------------------------------------------
// Outliers by modified Z-score (Iglewicz and Hoaglin).

export const OUTLIER_MODIFIED_Z = 3.5;

/**
 * Modified Z-scores 0.6745·(x − median)/MAD; when the MAD is 0, (x − median)/(1.253314·mean absolute
 * deviation); all 0 when every value is the median.
 */
export const modifiedZScores = (values: readonly number[]): number[] => {
  requireValues(values, "modified Z-scores");
  const center = median([...values]) as number;
  const deviations = values.map((v) => Math.abs(v - center));
  const mad = median(deviations) as number;
  if (mad > 0) return values.map((v) => (0.6745 * (v - center)) / mad);
  const meanAd = deviations.reduce((sum, d) => sum + d, 0) / values.length;
  if (meanAd > 0) return values.map((v) => (v - center) / (1.253314 * meanAd));
  return values.map(() => 0);
};

/** Indexes of the values whose |modified Z| exceeds 3.5: flagged, never dropped. */
export const outlierIndexes = (values: readonly number[]): number[] =>
  modifiedZScores(values).flatMap((z, index) => (Math.abs(z) > OUTLIER_MODIFIED_Z ? [index] : []));

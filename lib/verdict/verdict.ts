// From an experiment's samples to verdicts: per metric, each variant against the baseline — summary,
// ratio of medians with its bootstrap interval, Mann–Whitney p (Holm-adjusted across every metric and
// variant judged together), Cliff's delta, outliers, and one sentence a person can quote.
import {
  bootstrapRatioOfMedians,
  cliffMagnitude,
  cliffsDelta,
  holm,
  mannWhitneyU,
  outlierIndexes,
  summarize,
  type CliffMagnitude,
  type Summary,
} from "./statistics";

/** A measured quantity a verdict is given on; all are "lower is better". */
export type MetricDefinition = {
  key: string;
  label: string;
  unit: "ms" | "cores" | "bytes";
  /** "reaches ready" in "A reaches ready 2× faster than B". */
  verb: string;
  better: string;
  worse: string;
  /** "peak memory" in "A uses 1.4× less peak memory than B". */
  object?: string;
};

/** The metrics an experiment judges, in the order the page shows them (one definition). */
export const EXPERIMENT_METRICS = [
  {
    key: "readyMs",
    label: "time to ready",
    unit: "ms",
    verb: "reaches ready",
    better: "faster",
    worse: "slower",
  },
  {
    key: "dockerHealthyMs",
    label: "time to Docker-healthy",
    unit: "ms",
    verb: "reaches Docker-healthy",
    better: "faster",
    worse: "slower",
  },
  {
    key: "firstNodeReadyMs",
    label: "first Ollama node ready",
    unit: "ms",
    verb: "readies its first Ollama node",
    better: "faster",
    worse: "slower",
  },
  {
    key: "cpuAvgCores",
    label: "average CPU",
    unit: "cores",
    verb: "uses",
    better: "less",
    worse: "more",
    object: "CPU on average",
  },
  {
    key: "memPeakBytes",
    label: "peak memory",
    unit: "bytes",
    verb: "uses",
    better: "less",
    worse: "more",
    object: "peak memory",
  },
  {
    key: "latencyP50Ms",
    label: "latency p50",
    unit: "ms",
    verb: "answers (p50)",
    better: "faster",
    worse: "slower",
  },
  {
    key: "latencyP95Ms",
    label: "latency p95",
    unit: "ms",
    verb: "answers (p95)",
    better: "faster",
    worse: "slower",
  },
] as const satisfies readonly MetricDefinition[];

export type ExperimentMetricKey = (typeof EXPERIMENT_METRICS)[number]["key"];

const PHASE_PREFIX = "phase:";

/** The metric key of one startup phase's time ("phase:Leader"). */
export const phaseMetricKey = (phase: string): string => `${PHASE_PREFIX}${phase}`;

/** The phase a metric key names, or null when it names none. */
export const phaseOfKey = (key: string): string | null =>
  key.startsWith(PHASE_PREFIX) ? key.slice(PHASE_PREFIX.length) : null;

/** One startup phase's time as a metric (its last service ready, from the previous phase's end). */
export const phaseMetric = (phase: string): MetricDefinition => ({
  key: phaseMetricKey(phase),
  label: `phase ${phase}`,
  unit: "ms",
  verb: `completes phase ${phase}`,
  better: "faster",
  worse: "slower",
});

/** The metrics of an experiment whose runs have these startup phases: the totals, each phase beside them, the rest. */
export const experimentMetrics = (phases: readonly string[]): MetricDefinition[] => {
  const afterTotals = EXPERIMENT_METRICS.findIndex((m) => m.key === "dockerHealthyMs") + 1;
  return [
    ...EXPERIMENT_METRICS.slice(0, afterTotals),
    ...phases.map(phaseMetric),
    ...EXPERIMENT_METRICS.slice(afterTotals),
  ];
};

/** The significance level a difference must reach (after Holm) besides an interval excluding 1. */
export const ALPHA = 0.05;

/** The smallest number of samples per variant a verdict is computed from. */
export const MIN_SAMPLES = 2;

export type VerdictOutcome = "better" | "worse" | "no-difference" | "not-significant" | "not-judged";

export type Verdict = {
  metric: string;
  metricLabel: string;
  /** Index of the variant judged against the baseline. */
  variant: number;
  variantLabel: string;
  baselineLabel: string;
  n: number;
  baselineN: number;
  summary: Summary | null;
  baselineSummary: Summary | null;
  /** Samples of this variant (repetition order) whose |modified Z| > 3.5: flagged, kept. */
  outliers: number[];
  /** median(variant) ÷ median(baseline). */
  ratio: number | null;
  ci: [number, number] | null;
  /** Mann–Whitney two-sided p, before and after Holm. */
  pValueRaw: number | null;
  pValue: number | null;
  pMethod: "exact" | "asymptotic" | null;
  cliffsDelta: number | null;
  magnitude: CliffMagnitude | null;
  outcome: VerdictOutcome;
  sentence: string;
};

export type VerdictOptions = {
  variants: { label: string }[];
  baseline: number;
  /** samples[metricKey][variantIndex] = values in repetition order (null where not measured). */
  samples: Record<string, (number | null)[][]>;
  metrics?: readonly MetricDefinition[];
  seed: number;
  /** "cold data, fit clamp, same host, engine and images": what the sentence ends with. */
  conditions: string;
  /** What differs between repetitions that should have been equal: no verdict is given then. */
  differences?: string[];
  resamples?: number;
};

const factorText = (factor: number): string => (factor < 2 ? factor.toFixed(2) : factor.toFixed(1));

/** "p < 0.001" or "p = 0.012". */
export const pText = (p: number): string =>
  p < 0.001 ? "p < 0.001" : `p = ${p < 0.1 ? p.toFixed(3) : p.toFixed(2)}`;

const nText = (a: number, b: number): string => (a === b ? `n = ${a} each` : `n = ${a} and ${b}`);

/** A stable per-pair seed derived from the experiment's seed, so adding a metric does not shift the others. */
const pairSeed = (seed: number, metricIndex: number, variant: number): number =>
  (Math.imul(seed ^ 0x9e3779b9, 31 + metricIndex) + Math.imul(variant + 1, 0x85ebca6b)) >>> 0;

/** Every metric × non-baseline variant judged against the baseline; Holm across all that have a p-value. */
export const computeVerdicts = ({
  variants,
  baseline,
  samples,
  metrics = EXPERIMENT_METRICS,
  seed,
  conditions,
  differences = [],
  resamples,
}: VerdictOptions): Verdict[] => {
  const baselineLabel = variants[baseline]?.label ?? `variant ${baseline}`;
  const rows: Verdict[] = [];
  metrics.forEach((metric, metricIndex) => {
    const perVariant = samples[metric.key] ?? [];
    const base = (perVariant[baseline] ?? []).filter((v): v is number => v !== null);
    variants.forEach((variant, index) => {
      if (index === baseline) return;
      const values = (perVariant[index] ?? []).filter((v): v is number => v !== null);
      const row: Verdict = {
        metric: metric.key,
        metricLabel: metric.label,
        variant: index,
        variantLabel: variant.label,
        baselineLabel,
        n: values.length,
        baselineN: base.length,
        summary: values.length ? summarize(values) : null,
        baselineSummary: base.length ? summarize(base) : null,
        outliers: values.length ? outlierIndexes(values) : [],
        ratio: null,
        ci: null,
        pValueRaw: null,
        pValue: null,
        pMethod: null,
        cliffsDelta: null,
        magnitude: null,
        outcome: "not-judged",
        sentence: "",
      };
      if (values.length < MIN_SAMPLES || base.length < MIN_SAMPLES) {
        if (values.length === 0 && base.length === 0) return; // not measured in this experiment
        row.sentence = `${variant.label} vs ${baselineLabel}, ${metric.label}: no verdict (${nText(values.length, base.length)}; at least ${MIN_SAMPLES} each needed)`;
        rows.push(row);
        return;
      }
      const median = (s: Summary | null) => s?.median ?? 0;
      if (median(row.baselineSummary) <= 0 || median(row.summary) <= 0) {
        row.sentence = `${variant.label} vs ${baselineLabel}, ${metric.label}: no verdict (a median is 0: no ratio)`;
        rows.push(row);
        return;
      }
      const interval = bootstrapRatioOfMedians({
        sample: values,
        baseline: base,
        seed: pairSeed(seed, metricIndex, index),
        ...(resamples ? { resamples } : {}),
      });
      const test = mannWhitneyU(values, base);
      const delta = cliffsDelta(values, base);
      Object.assign(row, {
        ratio: interval.ratio,
        ci: [interval.low, interval.high],
        pValueRaw: test.pValue,
        pMethod: test.method,
        cliffsDelta: delta,
        magnitude: cliffMagnitude(delta),
      });
      rows.push(row);
    });
  });
  const judged = rows.filter((r) => r.pValueRaw !== null);
  holm(judged.map((r) => r.pValueRaw as number)).forEach((p, i) => {
    (judged[i] as Verdict).pValue = p;
  });
  const byKey = new Map<string, MetricDefinition>(metrics.map((m) => [m.key, m]));
  for (const row of judged) {
    const metric = byKey.get(row.metric) as MetricDefinition;
    const [low, high] = row.ci as [number, number];
    const p = row.pValue as number;
    const n = nText(row.n, row.baselineN);
    if (differences.length > 0) {
      row.outcome = "not-judged";
      row.sentence = `${row.variantLabel} vs ${row.baselineLabel}, ${metric.label}: no verdict — the repetitions' conditions differ (${differences.join("; ")})`;
      continue;
    }
    const containsOne = low <= 1 && high >= 1;
    if (!containsOne && p >= ALPHA) {
      // The interval excludes 1 but the test, adjusted for every row judged, does not reach 0.05:
      // say what was measured and that it is not enough to claim (at n = 4 each the smallest exact p is 0.029).
      row.outcome = "not-significant";
      row.sentence = `${row.variantLabel} vs ${row.baselineLabel}, ${metric.label}: ${(row.ratio as number).toFixed(2)}× (95 % CI ${low.toFixed(2)}–${high.toFixed(2)}×) but not significant after Holm (${pText(p)}, ${n}; ${conditions}): more repetitions needed to claim it`;
      continue;
    }
    if (containsOne) {
      row.outcome = "no-difference";
      row.sentence = `${row.variantLabel} vs ${row.baselineLabel}, ${metric.label}: no difference shown (95 % CI ${low.toFixed(2)}–${high.toFixed(2)}×, ${pText(p)}, ${n}; ${conditions})`;
      continue;
    }
    const better = high < 1;
    row.outcome = better ? "better" : "worse";
    // For "better", the factor is baseline ÷ variant: its interval is the ratio's, inverted.
    const [factor, fLow, fHigh] = better
      ? [1 / (row.ratio as number), 1 / high, 1 / low]
      : [row.ratio as number, low, high];
    const object = metric.object ? ` ${metric.object}` : "";
    row.sentence = `${row.variantLabel} ${metric.verb} ${factorText(factor)}× ${better ? metric.better : metric.worse}${object} than ${row.baselineLabel} (95 % CI ${factorText(fLow)}–${factorText(fHigh)}×, ${pText(p)}, ${n}; ${conditions})`;
  }
  return rows;
};

export type Drift = { ratio: number; drifted: boolean; first: number[]; last: number[] };

/** How far the baseline's last third may move from its first third before the host is said to have drifted. */
export const DRIFT_LIMIT = 0.1;

/** The baseline's first third against its last third (repetition order): median ratio, and a warning beyond ±10 %. */
export const driftCheck = (values: readonly (number | null)[]): Drift | null => {
  const present = values.filter((v): v is number => v !== null);
  const third = Math.floor(present.length / 3);
  if (third < 1) return null;
  const first = present.slice(0, third);
  const last = present.slice(present.length - third);
  const a = summarize(first).median;
  const b = summarize(last).median;
  if (a <= 0) return null;
  const ratio = b / a;
  return { ratio, drifted: Math.abs(ratio - 1) > DRIFT_LIMIT, first, last };
};

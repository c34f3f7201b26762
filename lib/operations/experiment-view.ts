// The experiment pages' models: what /experiments and /experiments/[id] lay out, every cell as it
// reads. Pure over an ExperimentReport, except the two loaders (the downloads: experiment-export.ts).
import { formatBytes, formatCpus, formatMs } from "@/lib/format";
import { listPanelTopologies } from "@/lib/catalog/topologies";
import { outlierIndexes } from "@/lib/verdict/statistics";
import { pText } from "@/lib/verdict/verdict";
import { FIT_MODES, PROBE_MODES } from "@/lib/run-vocabulary";
import { ZDeployRequestFields } from "./deploy-settings";
import {
  DEFAULT_REPETITIONS,
  EXPERIMENT_DATA_POLICIES,
  EXPERIMENT_ORDERS,
  GUIDE_STARTUP_CLAIMS,
  guideClaimsPreset,
  MAX_REPETITIONS,
  MAX_WARMUP,
  MIN_REPETITIONS,
} from "./experiment-definition";
import { experimentList, experimentReport, type ExperimentReport } from "./experiment-report";

/** A value in its metric's unit as people read it. */
export const formatMetric = (unit: string, value: number | null | undefined): string => {
  if (value === null || value === undefined) return "—";
  if (unit === "ms") return value < 10_000 ? `${Math.round(value)} ms` : formatMs(value);
  if (unit === "bytes") return formatBytes(value);
  if (unit === "cores") return formatCpus(value);
  return String(value);
};

export type StripPoint = { x: number; y: number; repetition: number; runId: string; outlier: boolean };
export type StripPlot = {
  metric: string;
  label: string;
  unit: string;
  variants: { index: number; label: string; points: StripPoint[]; median: number | null }[];
};

/** One strip plot per measured metric: every sample per variant (jittered by repetition), outliers marked. */
export const stripPlots = (report: ExperimentReport): StripPlot[] =>
  report.metrics.flatMap((metric) => {
    const samples = report.samples[metric.key] ?? [];
    if (samples.length === 0) return [];
    return [
      {
        metric: metric.key,
        label: metric.label,
        unit: metric.unit,
        variants: report.variants.map((variant, index) => {
          const mine = samples.filter((s) => s.variant === index);
          const outliers = new Set(mine.length ? outlierIndexes(mine.map((s) => s.value)) : []);
          const sorted = mine.map((s) => s.value).sort((a, b) => a - b);
          const mid = sorted.length >> 1;
          return {
            index,
            label: variant.label,
            median: sorted.length
              ? sorted.length % 2
                ? (sorted[mid] as number)
                : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
              : null,
            points: mine.map((s, i) => ({
              // Spread the repetitions across ±0.25 of the variant's slot so equal values stay visible.
              x: index + (mine.length > 1 ? (i / (mine.length - 1) - 0.5) * 0.5 : 0),
              y: s.value,
              repetition: s.repetition,
              runId: s.runId,
              outlier: outliers.has(i),
            })),
          };
        }),
      },
    ];
  });

export type VerdictRow = {
  key: string;
  metric: string;
  variant: string;
  baseline: string;
  n: string;
  median: string;
  meanSd: string;
  range: string;
  ratio: string;
  ci: string;
  p: string;
  delta: string;
  outliers: string;
  outcome: string;
  sentence: string;
};

const fixed = (value: number | null | undefined, digits: number) =>
  value === null || value === undefined ? "—" : value.toFixed(digits);

/** The verdict table's rows, formatted. */
export const verdictRows = (report: ExperimentReport): VerdictRow[] => {
  const unitOf = new Map(report.metrics.map((m) => [m.key, m.unit]));
  return report.verdicts.map((v) => {
    const unit = unitOf.get(v.metric) ?? "";
    const s = v.summary;
    return {
      key: `${v.metric}-${v.variant}`,
      metric: v.metricLabel,
      variant: v.variantLabel,
      baseline: v.baselineLabel,
      n: `${v.n} / ${v.baselineN}`,
      median: `${formatMetric(unit, s?.median)} vs ${formatMetric(unit, v.baselineSummary?.median)}`,
      meanSd: s ? `${formatMetric(unit, s.mean)} ± ${formatMetric(unit, s.sd)}` : "—",
      range: s ? `${formatMetric(unit, s.min)}–${formatMetric(unit, s.max)}` : "—",
      ratio: v.ratio === null ? "—" : `${v.ratio.toFixed(3)}×`,
      ci: v.ci ? `${v.ci[0].toFixed(3)}–${v.ci[1].toFixed(3)}×` : "—",
      p: v.pValue === null ? "—" : `${pText(v.pValue)} (raw ${fixed(v.pValueRaw, 4)}, ${v.pMethod})`,
      delta: v.cliffsDelta === null ? "—" : `${v.cliffsDelta.toFixed(2)} (${v.magnitude})`,
      outliers: v.outliers.length ? v.outliers.map((i) => `#${i + 1}`).join(", ") : "none",
      outcome: v.outcome,
      sentence: v.sentence,
    };
  });
};

const STATUS_TEXT: Record<ExperimentReport["status"], string> = {
  queued: "queued",
  running: "running",
  done: "done",
  failed: "failed",
  cancelled: "cancelled",
  interrupted: "interrupted",
};

/** "about 3 min left" from an ETA in ms. */
export const etaText = (etaMs: number | null): string => {
  if (etaMs === null) return "ETA after the first repetition";
  const minutes = etaMs / 60_000;
  return minutes < 1
    ? `about ${Math.max(1, Math.round(etaMs / 1000))} s left`
    : `about ${Math.round(minutes)} min left`;
};

/** The calibration as one line: "create → exit 412 ms median over 3 (Docker 27.3, 2 CPUs)". */
export const calibrationText = (report: ExperimentReport): string => {
  const c = report.calibration;
  if (!c) return "not recorded yet";
  const per = c.samples.map((s) => `${Math.round(s.totalMs)}`).join(", ");
  return `create → start → exit of ${c.image}: median ${Math.round(c.medianTotalMs)} ms (${per} ms; Docker ${c.engineVersion ?? "?"}, ${c.hostCpus ?? "?"} CPUs, ${formatBytes(c.hostMemoryBytes)})`;
};

/** The drift check as one line, or null when there are too few baseline repetitions. */
export const driftText = (report: ExperimentReport): string | null => {
  const d = report.drift;
  if (!d) return null;
  const change = `${((d.ratio - 1) * 100).toFixed(1)} %`;
  return d.drifted
    ? `The host drifted: the baseline's last third reached ready ${change} vs its first third (beyond ±10 %). Read the verdicts with care; randomized blocks or more repetitions help.`
    : `No drift: the baseline's last third reached ready ${change} vs its first third (within ±10 %).`;
};

export type GuideClaimRow = { key: string; variant: string; claim: string; measured: string; agrees: string };

/**
 * The guide's startup claims beside the measured time to ready of each optimized variant against an
 * original baseline: whether the claimed ratio lies inside the 95 % interval.
 */
export const guideClaimRows = (report: ExperimentReport): GuideClaimRow[] => {
  const baseline = report.variants.find((v) => v.baseline);
  if (baseline?.topology !== "original") return [];
  return report.verdicts
    .filter((v) => v.metric === "readyMs" && report.variants[v.variant]?.topology === "optimized" && v.ci)
    .flatMap((v) =>
      GUIDE_STARTUP_CLAIMS.map((claim, i) => {
        const [low, high] = v.ci as [number, number];
        return {
          key: `${v.variant}-${i}`,
          variant: v.variantLabel,
          claim: `${claim.text}: ratio ${claim.ratio.toFixed(2)}`,
          measured: `${(v.ratio as number).toFixed(2)} (95 % CI ${low.toFixed(2)}–${high.toFixed(2)})`,
          agrees:
            claim.ratio >= low && claim.ratio <= high
              ? "inside the interval"
              : claim.ratio < low
                ? "the claim is faster than measured"
                : "measured faster than claimed",
        };
      }),
    );
};

/** The experiment page's model. */
/** One repetition as the samples table reads it: its slot, variant, status, run and measured values. */
export type RepetitionRow = {
  key: number;
  slot: string;
  variant: string;
  repetition: string;
  status: string;
  runId: string | null;
  ready: string;
  dockerHealthy: string;
  latency: string;
};

export const repetitionRows = (report: ExperimentReport): RepetitionRow[] => {
  const unitOf = new Map(report.metrics.map((m) => [m.key, m.unit]));
  return report.repetitions.map((r) => {
    const value = (metric: string) =>
      report.samples[metric]?.find((s) => s.runId === r.runId && s.variant === r.variant)?.value ?? null;
    return {
      key: r.slot,
      slot: String(r.slot + 1),
      variant: report.variants[r.variant]?.label ?? "",
      repetition: r.warmup ? `warm-up ${r.repetition}` : String(r.repetition),
      status: `${r.status}${r.reason ? ` (${r.reason})` : ""}`,
      runId: r.runId,
      ready: formatMetric(unitOf.get("readyMs") ?? "ms", value("readyMs")),
      dockerHealthy: formatMetric(unitOf.get("dockerHealthyMs") ?? "ms", value("dockerHealthyMs")),
      latency: r.latency
        ? `${formatMetric("ms", r.latency.p50Ms)} / ${formatMetric("ms", r.latency.p95Ms)}`
        : "—",
    };
  });
};

export const experimentPageModel = async ({ id }: { id: string }) => {
  const report = await experimentReport({ id });
  if (!report) return null;
  return {
    report,
    status: STATUS_TEXT[report.status],
    live: report.status === "running" || report.status === "queued",
    eta: etaText(report.progress.etaMs),
    plots: stripPlots(report),
    rows: verdictRows(report),
    guideClaims: guideClaimRows(report),
    calibration: calibrationText(report),
    drift: driftText(report),
    repetitions: repetitionRows(report),
  };
};
export type ExperimentPageModel = NonNullable<Awaited<ReturnType<typeof experimentPageModel>>>;

/** What the variant builder offers: topologies, strategies, fit modes, probes, the limits and the preset. */
export const experimentFormOptions = () => ({
  topologies: listPanelTopologies().map((t) => t.name),
  strategies: ZDeployRequestFields.shape.strategy.options,
  fits: [...FIT_MODES],
  probes: PROBE_MODES,
  dataPolicies: [...EXPERIMENT_DATA_POLICIES],
  orders: [...EXPERIMENT_ORDERS],
  repetitions: { min: MIN_REPETITIONS, max: MAX_REPETITIONS, fallback: DEFAULT_REPETITIONS },
  maxWarmup: MAX_WARMUP,
  presets: [guideClaimsPreset({ fit: "clamp" }), guideClaimsPreset({ fit: "proportional" })],
});
export type ExperimentFormOptions = ReturnType<typeof experimentFormOptions>;

/** The experiments list page's model. */
export const experimentsPageModel = async () => ({
  experiments: await experimentList(),
  form: experimentFormOptions(),
});

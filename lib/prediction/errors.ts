// Pure: how far the recorded predictions were from the measured startups, per topology.
import { z } from "zod";
import { median } from "@/lib/median";

/** What a deploy stores in its settings when it starts (`settings.prediction`). */
export const ZRecordedPrediction = z.object({
  predictedMs: z.number(),
  criticalPath: z.array(z.object({ service: z.string(), startMs: z.number(), readyMs: z.number() })),
  neverMeasured: z.array(z.string()),
  basisRuns: z.number(),
  /** Whether those runs were of the run's own strategy (absent in predictions recorded before it was). */
  basisKind: z.enum(["same-strategy", "other-strategies", "none"]).optional(),
});
export type TRecordedPrediction = z.infer<typeof ZRecordedPrediction>;

/** A run's recorded prediction, or null when it has none (older runs, or the prediction failed). */
export const recordedPredictionOf = (settings: unknown): TRecordedPrediction | null => {
  const raw = typeof settings === "string" ? safeJson(settings) : settings;
  if (!raw || typeof raw !== "object" || !("prediction" in raw)) return null;
  const parsed = ZRecordedPrediction.safeParse(raw.prediction);
  return parsed.success ? parsed.data : null;
};

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

/** The measured counterpart of a prediction: first container created → all ready (null when a clock is missing). */
export const measuredStartupMs = ({
  preparationMs,
  readyMs,
}: {
  preparationMs: number | null;
  readyMs: number | null;
}): number | null => (preparationMs === null || readyMs === null ? null : readyMs - preparationMs);

export type PredictionError = {
  topology: string;
  /** Runs with both a prediction and a measured startup. */
  runs: number;
  /** Median of |predicted − measured| / measured, in percent; null without runs. */
  medianAbsErrorPct: number | null;
};

export type PredictedRunRow = {
  topology: string;
  settings: string | null;
  preparationMs: number | null;
  readyMs: number | null;
};

/** Absolute error in percent of the measured time (null when either side is missing or zero). */
export const absErrorPct = (predictedMs: number, measuredMs: number | null): number | null =>
  measuredMs === null || measuredMs <= 0 ? null : (Math.abs(predictedMs - measuredMs) / measuredMs) * 100;

/** Per topology, the median absolute prediction error of its runs that recorded a prediction. */
export const predictionErrors = (rows: PredictedRunRow[]): PredictionError[] => {
  const byTopology = new Map<string, number[]>();
  for (const row of rows) {
    const recorded = recordedPredictionOf(row.settings);
    const error = recorded ? absErrorPct(recorded.predictedMs, measuredStartupMs(row)) : null;
    const list = byTopology.get(row.topology) ?? [];
    if (error !== null) list.push(error);
    byTopology.set(row.topology, list);
  }
  return [...byTopology]
    .map(([topology, errors]) => ({ topology, runs: errors.length, medianAbsErrorPct: median(errors) }))
    .sort((a, b) => a.topology.localeCompare(b.topology));
};

export type PredictedVsActual = TRecordedPrediction & {
  /** Measured first create → all ready; null while running or when a clock is missing. */
  actualMs: number | null;
  /** |predicted − actual| / actual in percent; null without an actual. */
  errorPct: number | null;
};

/** A run's recorded prediction set beside its measured startup, or null when it recorded none. */
export const predictedVsActual = (run: {
  settings: unknown;
  preparationMs: number | null;
  readyMs: number | null;
}): PredictedVsActual | null => {
  const recorded = recordedPredictionOf(run.settings);
  if (!recorded) return null;
  const actualMs = measuredStartupMs(run);
  return { ...recorded, actualMs, errorPct: absErrorPct(recorded.predictedMs, actualMs) };
};

/** The run counts the bench reports the prediction error after. */
export const ERROR_AFTER_RUNS = [3, 5, 10] as const;

export type ErrorAfterRuns = { afterRuns: number; runs: number; medianAbsErrorPct: number | null };

/**
 * Median absolute error of the predictions made from at least `afterRuns` earlier runs of the same
 * strategy and fewer than the next count in `after` (3: predictions from 3–4 runs, 5: from 5–9, 10:
 * from 10 or more); a prediction read from other strategies' runs counts in none.
 */
export const errorsAfterRuns = (
  samples: (Pick<TRecordedPrediction, "basisRuns" | "basisKind" | "predictedMs"> & {
    actualMs: number | null;
  })[],
  after: readonly number[] = ERROR_AFTER_RUNS,
): ErrorAfterRuns[] =>
  after.map((afterRuns, index) => {
    const next = after[index + 1] ?? Number.POSITIVE_INFINITY;
    const errors = samples
      .filter((s) => (s.basisKind ?? "same-strategy") === "same-strategy")
      .filter((s) => s.basisRuns >= afterRuns && s.basisRuns < next)
      .map((s) => absErrorPct(s.predictedMs, s.actualMs))
      .filter((e): e is number => e !== null);
    return { afterRuns, runs: errors.length, medianAbsErrorPct: median(errors) };
  });

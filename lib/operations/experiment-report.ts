// An experiment as people and scripts read it: progress with ETA, the schedule with each
// repetition's run, the samples per metric and variant, the conditions (and what differs), the
// host calibration, the drift check and the verdicts (lib/verdict). Recomputed on every read from
// the stored runs and the stored seed, so it is the same every time.
import { z } from "zod";
import { getExperiment, listExperiments, type ExperimentRow } from "@/lib/db/experiments";
import { getRunsForCompare, type CompareRun } from "@/lib/db/runs";
import type { HostCalibration } from "@/lib/docker/calibration";
import { conditionDifferences, type ConditionKey } from "@/lib/runs/conditions";
import { startupLayoutFromSettings } from "@/lib/compose/service-roles";
import { phaseOrderOfRuns, phaseTimes } from "@/lib/runs/aggregate";
import {
  computeVerdicts,
  driftCheck,
  EXPERIMENT_METRICS,
  experimentMetrics,
  phaseOfKey,
  type ExperimentMetricKey,
  type Drift,
  type Verdict,
} from "@/lib/verdict/verdict";
import { variantLabels, type TExperimentVariant } from "./experiment-definition";
import { ZStoredDefinition, type StoredDefinition } from "./experiment";

export type ExperimentSample = { variant: number; repetition: number; runId: string; value: number };

export type ExperimentReport = {
  id: string;
  name: string;
  status: ExperimentRow["status"];
  reason: string | null;
  by: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  seed: number;
  definition: StoredDefinition;
  variants: (TExperimentVariant & { label: string; baseline: boolean })[];
  progress: { completed: number; total: number; percent: number; etaMs: number | null };
  repetitions: {
    slot: number;
    variant: number;
    repetition: number;
    warmup: boolean;
    runId: string | null;
    status: string;
    reason: string | null;
    /** Latency through the load balancer after ready, when the topology has one (the deploy measures it). */
    latency: { p50Ms: number; p95Ms: number | null } | null;
  }[];
  /** samples[metric] = every judged value, repetition order. */
  samples: Record<string, ExperimentSample[]>;
  metrics: { key: string; label: string; unit: string }[];
  conditions: string;
  differences: string[];
  calibration: HostCalibration | null;
  drift: (Drift & { metric: string }) | null;
  verdicts: Verdict[];
};

/** A judged run's value of a metric: a stored column, or one of its phases' times. */
const valueOf = ({
  run,
  phases,
  key,
}: {
  run: CompareRun;
  phases: Record<string, number | null>;
  key: string;
}): number | null => {
  const phase = EXPERIMENT_METRICS.some((m) => m.key === key) ? null : phaseOfKey(key);
  const value = phase === null ? run[key as ExperimentMetricKey] : phases[phase];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
};

const ZCalibration = z.object({
  image: z.string(),
  samples: z.array(
    z.object({ createMs: z.number(), startMs: z.number(), exitMs: z.number(), totalMs: z.number() }),
  ),
  medianTotalMs: z.number(),
  engineVersion: z.string().nullable(),
  hostCpus: z.number().nullable(),
  hostMemoryBytes: z.number().nullable(),
  at: z.string(),
});

const parseJson = <T>(schema: z.ZodType<T>, text: string | null): T | null => {
  if (text === null) return null;
  try {
    return schema.safeParse(JSON.parse(text)).data ?? null;
  } catch {
    return null;
  }
};

// What the variants choose, and what follows from the topology: not a condition that must match between variants.
const CHOSEN_BY_VARIANT: ConditionKey[] = ["fitMode", "fitScale", "fitChanges", "overrides"];

/** What differs between repetitions that should have run under equal conditions, as sentences. */
const differencesOf = ({
  runs,
  definition,
}: {
  runs: { variant: number; warmup: boolean; run: CompareRun }[];
  definition: StoredDefinition;
}): string[] => {
  const judged = runs.filter((r) => !r.warmup);
  const reference = judged.find((r) => r.variant === definition.baseline) ?? judged[0];
  if (!reference) return [];
  const texts = new Set<string>();
  for (const { variant, run } of judged) {
    // Within a variant every condition must match its first repetition; across variants, all but the chosen ones.
    const first = judged.find((r) => r.variant === variant) as (typeof judged)[number];
    const within = conditionDifferences({ baseline: first.run, run });
    const across = conditionDifferences({ baseline: reference.run, run }).filter(
      (d) => !CHOSEN_BY_VARIANT.includes(d.key),
    );
    for (const d of [...within, ...across]) texts.add(`${d.label}: ${d.baseline} ≠ ${d.value}`);
  }
  return [...texts];
};

const conditionsText = ({ definition }: { definition: StoredDefinition }): string => {
  const fits = new Set(definition.variants.map((v) => v.fit));
  const fit = fits.size === 1 ? `fit ${[...fits][0]}` : "fit as each variant says";
  return `${definition.data} data, ${fit}, same host, engine and images`;
};

/** The ETA: the mean time of the finished slots times the slots left (null before the first finished). */
const etaOf = (experiment: NonNullable<Awaited<ReturnType<typeof getExperiment>>>): number | null => {
  if (experiment.status !== "running" && experiment.status !== "queued") return null;
  const times = experiment.repetitions
    .filter((r) => r.finishedAt)
    .map((r) => (r.finishedAt as Date).getTime() - r.startedAt.getTime());
  if (times.length === 0) return null;
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  return Math.round(mean * Math.max(0, experiment.total - experiment.completed));
};

/** One experiment's report, or null when there is no such experiment. */
export const experimentReport = async ({ id }: { id: string }): Promise<ExperimentReport | null> => {
  const experiment = await getExperiment({ id });
  if (!experiment) return null;
  const definition = ZStoredDefinition.parse(JSON.parse(experiment.definition));
  const labels = variantLabels(definition.variants);
  const done = experiment.repetitions.filter((r) => r.status === "done" && r.runId);
  const stored = await getRunsForCompare(done.map((r) => r.runId as string));
  const byId = new Map(stored.map((run) => [run.id, run]));
  const runs = done.flatMap((r) => {
    const run = byId.get(r.runId as string);
    return run ? [{ variant: r.variant, repetition: r.repetition, warmup: r.warmup, run }] : [];
  });
  const judged = runs.filter((r) => !r.warmup);
  // Each startup phase's time, as Compare adds them up (one phase order for all the runs).
  const timings = judged.map(({ run }) => ({
    services: run.services,
    layout: startupLayoutFromSettings(run.settings),
  }));
  const phaseOrder = phaseOrderOfRuns(timings);
  const phaseValues = timings.map((t) => phaseTimes(t.services, t.layout, phaseOrder));
  const metrics = experimentMetrics(phaseOrder);
  const samples: Record<string, ExperimentSample[]> = {};
  const perVariant: Record<string, (number | null)[][]> = {};
  for (const metric of metrics) {
    const values = judged.flatMap(({ variant, repetition, run }, index) => {
      const value = valueOf({ run, phases: phaseValues[index] ?? {}, key: metric.key });
      return value === null ? [] : [{ variant, repetition, runId: run.id, value }];
    });
    if (values.length === 0) continue; // not measured in this experiment (a phase with no service, no latency)
    samples[metric.key] = values;
    perVariant[metric.key] = definition.variants.map((_, v) =>
      values.filter((s) => s.variant === v).map((s) => s.value),
    );
  }
  const differences = differencesOf({ runs, definition });
  const conditions = conditionsText({ definition });
  const measured = metrics.filter((m) => samples[m.key]);
  const verdicts = computeVerdicts({
    metrics: measured,
    variants: labels.map((label) => ({ label })),
    baseline: definition.baseline,
    samples: perVariant,
    seed: definition.seed,
    conditions,
    differences,
  });
  const drift = driftCheck(perVariant.readyMs?.[definition.baseline] ?? []);
  return {
    id: experiment.id,
    name: experiment.name,
    status: experiment.status,
    reason: experiment.reason,
    by: experiment.by,
    createdAt: experiment.createdAt.toISOString(),
    startedAt: experiment.startedAt?.toISOString() ?? null,
    finishedAt: experiment.finishedAt?.toISOString() ?? null,
    seed: definition.seed,
    definition,
    variants: definition.variants.map((v, i) => ({
      ...v,
      label: labels[i] as string,
      baseline: i === definition.baseline,
    })),
    progress: {
      completed: experiment.completed,
      total: experiment.total,
      percent: experiment.total ? Math.round((100 * experiment.completed) / experiment.total) : 0,
      etaMs: etaOf(experiment),
    },
    // Every stored column but the clock times, and the latency its run measured.
    repetitions: experiment.repetitions.map(({ startedAt: _started, finishedAt: _finished, ...row }) => {
      const run = row.runId ? byId.get(row.runId) : undefined;
      const latency =
        run && run.latencyP50Ms !== null ? { p50Ms: run.latencyP50Ms, p95Ms: run.latencyP95Ms } : null;
      return { ...row, latency };
    }),
    samples,
    metrics: measured.map(({ key, label, unit }) => ({ key, label, unit })),
    conditions,
    differences,
    calibration: parseJson(ZCalibration, experiment.calibration),
    drift: drift ? { ...drift, metric: "readyMs" } : null,
    verdicts,
  };
};

export type ExperimentListItem = {
  id: string;
  name: string;
  status: ExperimentRow["status"];
  createdAt: string;
  progress: { completed: number; total: number };
  variants: string[];
};

/** Experiments, newest first, with their variants' labels. */
export const experimentList = async (): Promise<ExperimentListItem[]> =>
  (await listExperiments()).map((e) => {
    const definition = parseJson(ZStoredDefinition, e.definition);
    return {
      id: e.id,
      name: e.name,
      status: e.status,
      createdAt: e.createdAt.toISOString(),
      progress: { completed: e.completed, total: e.total },
      variants: definition ? variantLabels(definition.variants) : [],
    };
  });

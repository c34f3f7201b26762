// What an experiment is, validated once (API, page and CLI send the same body): variants, the
// baseline among them, repetitions, warm-up, data policy and order; and the schedule it runs in.
// Pure: no I/O.
import { z } from "zod";
import { seededRandom } from "@/lib/verdict/statistics";
import { ZDeployRequestFields, ZLoadBalancerWeights, ZTuning } from "./deploy-settings";

export const EXPERIMENT_ORDERS = ["round-robin", "randomized-blocks"] as const;
export const EXPERIMENT_DATA_POLICIES = ["cold", "warm"] as const;
export const MIN_REPETITIONS = 2;
export const MAX_REPETITIONS = 50;
export const DEFAULT_REPETITIONS = 5;
export const MAX_WARMUP = 5;
export const MAX_VARIANTS = 6;

/** One variant: what a deploy chooses, nothing else (an unknown field is refused, not ignored). */
export const ZExperimentVariant = z
  .object({
    topology: ZDeployRequestFields.shape.topology,
    strategy: ZDeployRequestFields.shape.strategy,
    fit: ZDeployRequestFields.shape.fit,
    probe: ZDeployRequestFields.shape.probe,
    tuning: ZTuning.strict().optional(),
    weights: ZLoadBalancerWeights.strict().optional(),
    /**
     * The environment (Docker engine) this variant would run on; every variant must run on the same
     * one (timings from different hosts cannot be compared): refused at creation otherwise.
     */
    environment: ZDeployRequestFields.shape.environment,
  })
  .strict();
export type TExperimentVariant = z.infer<typeof ZExperimentVariant>;

/** A variant with defaults applied and empty parts dropped, keys sorted: equal choices give equal text. */
export const variantKey = (variant: TExperimentVariant): string => {
  const tuning = Object.entries(variant.tuning ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const weights = Object.entries(variant.weights ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([
    variant.topology,
    variant.strategy,
    variant.fit,
    variant.probe ?? "",
    tuning,
    weights,
    variant.environment ?? "",
  ]);
};

/** The request's fields (ZExperimentRequest adds the checks across fields). */
export const ZExperimentRequestFields = z
  .object({
    name: z.string().trim().min(1, "name the experiment").max(120, "at most 120 characters"),
    variants: z
      .array(ZExperimentVariant)
      .min(2, "at least two variants to compare")
      .max(MAX_VARIANTS, `at most ${MAX_VARIANTS} variants`),
    /** Index of the variant the others are judged against. */
    baseline: z.number().int("an index into variants").min(0, "an index into variants").default(0),
    repetitions: z
      .number()
      .int("a whole number")
      .min(MIN_REPETITIONS, `at least ${MIN_REPETITIONS} repetitions per variant`)
      .max(MAX_REPETITIONS, `at most ${MAX_REPETITIONS} repetitions per variant`)
      .default(DEFAULT_REPETITIONS),
    /** Repetitions per variant run first and not counted. */
    warmup: z.number().int("a whole number").min(0).max(MAX_WARMUP, `at most ${MAX_WARMUP}`).default(0),
    /** cold: every repetition starts from empty data; warm: only each variant's first. */
    data: z.enum(EXPERIMENT_DATA_POLICIES).default("cold"),
    order: z.enum(EXPERIMENT_ORDERS).default("round-robin"),
    /** Seeds the randomized order and the bootstrap; a new one when not given. */
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional(),
    /** The environment (Docker engine) by name or id; unset: the panel's own engine. */
    environment: ZDeployRequestFields.shape.environment,
  })
  .strict();

export const ZExperimentRequest = ZExperimentRequestFields.superRefine((value, ctx) => {
  if (value.baseline >= value.variants.length)
    ctx.addIssue({
      code: "custom",
      path: ["baseline"],
      message: `the baseline is an index into variants (0–${value.variants.length - 1}); ${value.baseline} is none of them`,
    });
  const seen = new Map<string, number>();
  value.variants.forEach((variant, index) => {
    const key = variantKey(variant);
    const earlier = seen.get(key);
    if (earlier !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["variants", index],
        message: `the same as variant ${earlier}: two identical variants compare nothing`,
      });
    else seen.set(key, index);
  });
});
export type TExperimentRequest = z.infer<typeof ZExperimentRequest>;

/** Where each variant would run: its own environment, else the experiment's (unset: the panel's own engine). */
export const variantEnvironments = (request: {
  environment?: string | undefined;
  variants: { environment?: string | undefined }[];
}): (string | null)[] => request.variants.map((v) => v.environment ?? request.environment ?? null);

/**
 * The first variant that would run on another engine than variant 0, given the engine each resolves
 * to (`engines[i]`: a stored environment id, null for the panel's own engine), as the field to name
 * and what to fix; null when all run on one engine.
 */
export const crossHostProblem = ({
  given,
  engines,
}: {
  /** What each variant's environment reads as given (variantEnvironments). */
  given: (string | null)[];
  engines: (string | null)[];
}): { path: string; message: string } | null => {
  const index = engines.findIndex((engine) => engine !== engines[0]);
  if (index < 0) return null;
  const where = (i: number) => (given[i] === null ? "the panel's own engine" : `environment "${given[i]}"`);
  return {
    path: `variants.${index}.environment`,
    message:
      `variant ${index} would run on ${where(index)} but variant 0 on ${where(0)}: timings from ` +
      `different hosts cannot be compared — run the variants on one engine (one experiment per host)`,
  };
};

const variantParts = (v: TExperimentVariant) => ({
  fit: `fit ${v.fit}`,
  probe: `probe ${v.probe ?? "default"}`,
  tuning: Object.entries(v.tuning ?? {})
    .map(([k, value]) => `${k}=${value}`)
    .join(" "),
  weights: v.weights ? `weights ${v.weights.leader ?? "-"}/${v.weights.worker ?? "-"}` : "",
});

/** Each variant's name as sentences say it: topology/strategy, plus whatever else differs between the variants. */
export const variantLabels = (variants: TExperimentVariant[]): string[] => {
  const parts = variants.map(variantParts);
  const differing = (["fit", "probe", "tuning", "weights"] as const).filter(
    (key) => new Set(parts.map((p) => p[key])).size > 1,
  );
  return variants.map((v, i) => {
    const extra = differing.map((key) => parts[i]?.[key]).filter((text) => text);
    return [`${v.topology}/${v.strategy}`, ...extra].join(", ");
  });
};

export type ScheduleSlot = { variant: number; repetition: number; warmup: boolean };

/**
 * The order repetitions run in: rounds of one repetition of every variant (warm-up rounds first),
 * never all of A then all of B. Round-robin keeps the variants' order in each round; randomized
 * blocks shuffle it per round with the seed, so a drift in time cannot line up with a variant.
 */
export const buildSchedule = ({
  variants,
  repetitions,
  warmup,
  order,
  seed,
}: {
  variants: number;
  repetitions: number;
  warmup: number;
  order: (typeof EXPERIMENT_ORDERS)[number];
  seed: number;
}): ScheduleSlot[] => {
  const random = seededRandom(seed ^ 0x5bd1e995);
  const round = (): number[] => {
    const indexes = Array.from({ length: variants }, (_, i) => i);
    if (order === "round-robin") return indexes;
    for (let i = indexes.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [indexes[i], indexes[j]] = [indexes[j] as number, indexes[i] as number];
    }
    return indexes;
  };
  const slots: ScheduleSlot[] = [];
  for (let w = 1; w <= warmup; w++)
    for (const variant of round()) slots.push({ variant, repetition: w, warmup: true });
  for (let r = 1; r <= repetitions; r++)
    for (const variant of round()) slots.push({ variant, repetition: r, warmup: false });
  return slots;
};

/** The guide's claims as an experiment: original/sequential against optimized/phased and optimized/dag, cold data. */
export const guideClaimsPreset = ({
  fit = "clamp",
  repetitions = DEFAULT_REPETITIONS,
}: { fit?: TExperimentVariant["fit"]; repetitions?: number } = {}): z.input<typeof ZExperimentRequest> => ({
  name: `Check the guide's claims (fit ${fit})`,
  variants: [
    { topology: "original", strategy: "sequential", fit },
    { topology: "optimized", strategy: "phased", fit },
    { topology: "optimized", strategy: "dag", fit },
  ],
  baseline: 0,
  repetitions,
  warmup: 0,
  data: "cold",
  order: "round-robin",
});

/**
 * The guide's startup claims (docs/topology-optimization-guide.md), as a ratio of optimized ÷ original
 * total startup time, shown beside the verdicts of original against optimized.
 */
export const GUIDE_STARTUP_CLAIMS = [
  { text: "Performance Comparison table: 190 s → 120 s (−37 %)", ratio: 120 / 190 },
  { text: "Summary: 55 % faster, 100–110 s vs 180–200 s", ratio: 105 / 190 },
] as const;

// What a person chooses for a deploy, validated once: strategy, fit mode, fresh data, the guide's
// tuning variables and health-check overrides. The values each run used are stored with it.
import { z } from "zod";
import type { Healthcheck, Topology } from "@/lib/compose";
import { FIT_MODES, PROBE_MODES, STRATEGIES } from "@/lib/run-vocabulary";
import { AppError } from "@/lib/errors";
import { refusedFields } from "@/lib/http/field-problems";

const ZBool = z.enum(["true", "false"]);
const ZDurationText = z.string().regex(/^\d+(ms|s|m)$/, "a duration like 500ms, 60s or 2m");

/** The guide's tuning variables, passed to the nodes as environment. */
export const ZTuning = z
  .object({
    ASYNC_TRAINING: ZBool,
    PARALLEL_MODEL_LOADING: ZBool,
    CONSENSUS_MODE: z.enum(["async_training", "sync_training", "raft"]),
    PIPELINE_DEPTH: z.coerce.number().int().min(1).max(64).transform(String),
    WORKER_THREADS: z.coerce.number().int().min(1).max(256).transform(String),
    OPTIMIZATION_LEVEL: z.coerce.number().int().min(0).max(3).transform(String),
    ENABLE_GPU: ZBool,
    MTU_SIZE: z.coerce.number().int().min(576).max(9000).transform(String),
    KEEPALIVE_TIMEOUT: ZDurationText,
  })
  .partial();

/** Health-check overrides in seconds, applied to every service that has a check. */
export const ZHealthOverrides = z
  .object({
    intervalS: z.number().min(0.1).max(3600),
    timeoutS: z.number().min(0.1).max(600),
    retries: z.number().int().min(0).max(100),
    startPeriodS: z.number().min(0).max(3600),
  })
  .partial();

/** A service's CPU or memory limit for this deploy in place of the file's (null: no limit). */
export const ZLimitOverride = z
  .object({
    cpus: z.number().min(0.01, "at least 0.01 CPU").max(1024).nullable(),
    memoryBytes: z
      .number()
      .int()
      .min(6 * 2 ** 20, "at least 6 MiB (Docker's floor)")
      .max(2 ** 50)
      .nullable(),
  })
  .partial()
  .strict();

/**
 * Limits per service for this deploy, in place of the file's `deploy.resources.limits` (what an
 * analysis-report recommendation applies; the fit mode still judges them against the host).
 */
export const ZLimitOverrides = z
  .record(z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, "a service name of the topology"), ZLimitOverride)
  .refine((limits) => Object.keys(limits).length <= 100, "at most 100 services");

/** The load balancer's weights by node role (the shipped file's when not given: optimized 3 / 2). */
export const ZLoadBalancerWeights = z
  .object({
    leader: z.number().int().min(1, "a weight is at least 1").max(100, "a weight is at most 100"),
    worker: z.number().int().min(1, "a weight is at least 1").max(100, "a weight is at most 100"),
  })
  .partial();

/**
 * The request's fields. `fit` replaced the boolean `fitToHost`: an old client's `fitToHost: true`
 * is read as "proportional" (what it did) and `false` as "none"; sending both is refused.
 */
export const ZDeployRequestFields = z.object({
  topology: z.string().min(1, "pick a topology"),
  strategy: z.enum(STRATEGIES),
  tuning: ZTuning.default({}),
  health: ZHealthOverrides.default({}),
  limits: ZLimitOverrides.optional(),
  fit: z.enum(FIT_MODES).default("clamp"),
  /** Remove the project's named volumes and the topology's data folders first (a cold run). */
  freshData: z.boolean().default(false),
  keepOnFailure: z.boolean().default(false),
  /** How readiness is probed (lib/deploy/probe.ts); unset: the panel's default. */
  probe: z.enum(PROBE_MODES).optional(),
  probeIntervalMs: z.number().int().min(50, "probe at most every 50 ms").max(60_000).optional(),
  weights: ZLoadBalancerWeights.optional(),
  /** Compose profiles to enable; services with profiles run only when one of theirs is chosen. */
  profiles: z
    .array(z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, "a profile name like debug or with-ui"))
    .max(50)
    .optional(),
  /** Compose files of the topology's folder to read, in order (default: as Compose chooses them). */
  files: z
    .array(
      z
        .string()
        .regex(
          /^(docker-)?compose[A-Za-z0-9_.-]*\.ya?ml$/,
          "a compose file name of the topology's folder, like compose.yaml",
        ),
    )
    .max(20)
    .optional(),
  /** The environment (Docker engine) to deploy to, by name or id; unset: the panel's own engine. */
  environment: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,60}$/, "an environment's name or id")
    .optional(),
  /** Where the services go: the engine's containers (unset) or, on a swarm manager, Swarm services. */
  target: z.enum(["engine", "swarm"]).optional(),
  fitToHost: z
    .undefined({
      error: 'fitToHost is replaced by fit ("clamp", "proportional" or "none"): send fit alone',
    })
    .optional(),
});

/** Reads the old `fitToHost` boolean as the fit mode it meant, before the schema runs. */
const readLegacyFit = (input: unknown): unknown => {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return input;
  const { fitToHost, ...rest } = input as Record<string, unknown>;
  if (typeof fitToHost !== "boolean" || "fit" in rest) return input;
  return { ...rest, fit: fitToHost ? "proportional" : "none" };
};

/** A deploy request schema (or one extending its fields) that also accepts the old `fitToHost`. */
export const withLegacyFit = <T extends z.ZodType>(schema: T) => z.preprocess(readLegacyFit, schema);

export const ZDeployRequest = withLegacyFit(ZDeployRequestFields);
export type TDeployRequest = z.infer<typeof ZDeployRequestFields>;
export type THealthOverrides = z.infer<typeof ZHealthOverrides>;
export type TLimitOverrides = z.infer<typeof ZLimitOverrides>;

/**
 * The topology with the request's limits in place of the file's; a service it does not have is a
 * 400 naming `limits.<service>` and the services it has.
 */
export const applyLimitOverrides = ({
  topology,
  limits = {},
}: {
  topology: Topology;
  limits?: TLimitOverrides;
}): Topology => {
  const names = new Set(topology.services.map((s) => s.name));
  const unknown = Object.keys(limits).filter((name) => !names.has(name));
  if (unknown.length > 0)
    throw refusedFields({
      what: "fields",
      problems: unknown.map((name) => ({
        path: `limits.${name}`,
        message: `the topology has no service "${name}" (its services: ${[...names].join(", ")})`,
      })),
    });
  return {
    ...topology,
    services: topology.services.map((service) => {
      const limit = limits[service.name];
      if (!limit) return service;
      return {
        ...service,
        resources: {
          ...service.resources,
          ...(limit.cpus !== undefined ? { cpusLimit: limit.cpus } : {}),
          ...(limit.memoryBytes !== undefined ? { memoryLimitBytes: limit.memoryBytes } : {}),
        },
      };
    }),
  };
};

/** Refuses profiles the topology does not declare, naming them and the ones it has (a 400). */
export const assertProfilesDeclared = ({
  topology,
  profiles,
  name,
}: {
  topology: Topology;
  profiles: string[];
  name: string;
}): void => {
  const declared = topology.profiles?.declared ?? [];
  const unknown = profiles.filter((profile) => !declared.includes(profile));
  if (unknown.length > 0)
    throw new AppError(
      "bad_request",
      `profiles: ${unknown.map((p) => `"${p}"`).join(", ")} is not a profile of topology "${name}" ` +
        `(${declared.length > 0 ? `its profiles: ${declared.join(", ")}` : "it declares none"})`,
      { field: "profiles", unknown },
    );
};

/** The topology with every existing health check overridden where a value is given. Pure. */
export const applyHealthOverrides = ({
  topology,
  health,
}: {
  topology: Topology;
  health: THealthOverrides;
}): Topology => {
  const override = (check: Healthcheck): Healthcheck => ({
    ...check,
    intervalMs: health.intervalS === undefined ? check.intervalMs : health.intervalS * 1000,
    timeoutMs: health.timeoutS === undefined ? check.timeoutMs : health.timeoutS * 1000,
    retries: health.retries ?? check.retries,
    startPeriodMs: health.startPeriodS === undefined ? check.startPeriodMs : health.startPeriodS * 1000,
  });
  return {
    ...topology,
    services: topology.services.map((s) =>
      s.healthcheck ? { ...s, healthcheck: override(s.healthcheck) } : s,
    ),
  };
};

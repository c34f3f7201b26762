// What a person chooses for a deploy, validated once: strategy, the guide's tuning variables and
// health-check overrides. The values each run used are stored with it.
import { z } from "zod";
import type { Healthcheck, Topology } from "@/lib/compose";

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

/** The load balancer's weights by node role (the shipped file's when not given: optimized 3 / 2). */
export const ZLoadBalancerWeights = z
  .object({
    leader: z.number().int().min(1, "a weight is at least 1").max(100, "a weight is at most 100"),
    worker: z.number().int().min(1, "a weight is at least 1").max(100, "a weight is at most 100"),
  })
  .partial();

export const ZDeployRequest = z.object({
  topology: z.string().min(1, "pick a topology"),
  strategy: z.enum(["sequential", "phased", "dag"]),
  tuning: ZTuning.default({}),
  health: ZHealthOverrides.default({}),
  fitToHost: z.boolean().default(false),
  keepOnFailure: z.boolean().default(false),
  weights: ZLoadBalancerWeights.default({}),
});
export type TDeployRequest = z.infer<typeof ZDeployRequest>;
export type THealthOverrides = z.infer<typeof ZHealthOverrides>;

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

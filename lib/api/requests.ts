// The request bodies of the actions, shared by the panel's own routes (/api/…) and /api/v1. The v1
// variants refuse unknown fields (a typo in a script must not be silently ignored); the panel's
// routes keep accepting what its forms and older clients send.
import { z } from "zod";
import {
  ZDeployRequestFields,
  ZHealthOverrides,
  ZLoadBalancerWeights,
  ZTuning,
  withLegacyFit,
} from "@/lib/operations/deploy-settings";
import { MAX_BATCH_RUNS } from "@/lib/operations/batch";
import { ZLatencyTestRequest } from "@/lib/operations/latency-test";

export const ZTeardownRequest = z.object({
  topology: z.string().min(1, "pick a topology"),
  /** Also remove the named volumes (their data); on Swarm, on every node the panel reaches. */
  removeVolumes: z.boolean().default(false),
  /** The environment the cluster runs on (name or id); unset: the panel's own engine. */
  environment: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,60}$/, "an environment's name or id")
    .optional(),
  /** "swarm": remove the topology's Swarm services (the environment is their manager). */
  target: z.enum(["engine", "swarm"]).optional(),
});

export const ZScaleRequest = z.object({
  topology: z.string().min(1, "pick a topology"),
  direction: z.enum(["up", "down"]).default("up"),
  count: z
    .number()
    .int()
    .min(1, "add or remove at least one node")
    .max(8, "at most 8 nodes at once")
    .default(1),
  /** The environment the cluster runs on (name or id); unset: the panel's own engine. */
  environment: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,60}$/, "an environment's name or id")
    .optional(),
});

/** The deploy request with every object strict, nested ones included. */
export const ZDeployRequestStrict = ZDeployRequestFields.extend({
  tuning: ZTuning.strict().default({}),
  health: ZHealthOverrides.strict().default({}),
  weights: ZLoadBalancerWeights.strict().optional(),
}).strict();

const ZTimes = z
  .number()
  .int()
  .min(2, "at least 2 runs")
  .max(MAX_BATCH_RUNS, `at most ${MAX_BATCH_RUNS} runs`);

/** "Run N times": the deploy request and how many deploy + teardown rounds. */
export const ZBatchRequest = withLegacyFit(ZDeployRequestFields.extend({ times: ZTimes }));
export const ZBatchRequestStrict = ZDeployRequestStrict.extend({ times: ZTimes }).strict();

export const ZTeardownRequestStrict = ZTeardownRequest.strict();
export const ZScaleRequestStrict = ZScaleRequest.strict();
export const ZLatencyTestRequestStrict = ZLatencyTestRequest.strict();

/** "Deploy this again": nothing but whether a gone image ID may be replaced by its tag's current one. */
export const ZRedeployRequest = z.object({
  acceptCurrentImages: z
    .boolean()
    .default(false)
    .describe("where an image ID the run ran is gone from the engine, deploy the tag's current image"),
});
export const ZRedeployRequestStrict = ZRedeployRequest.strict();

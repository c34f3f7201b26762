// GET /api/v1/topologies/{name}/prediction: the predicted startup before deploying, and its what-if.
import { z } from "zod";
import { FIT_MODES } from "@/lib/compose";
import { DATA_STATES, STRATEGIES } from "@/lib/run-vocabulary";
import { json } from "@/lib/http/respond";
import { predictTopology } from "@/lib/operations/prediction";
import { defineEndpoint } from "../endpoint";

const ZLink = z.object({ service: z.string(), startMs: z.number(), readyMs: z.number() });

/** The prediction as the API answers it. */
export const ZPrediction = z.object({
  topology: z.string(),
  strategy: z.enum(STRATEGIES),
  fitMode: z.enum(FIT_MODES),
  predictedMs: z.number().describe("first container created → every service ready"),
  criticalPath: z
    .array(ZLink)
    .describe("first to last: the gates that decided each start on the way to the last ready"),
  services: z.array(
    ZLink.extend({ source: z.enum(["measured", "health-check"]), n: z.number().describe("runs measured") }),
  ),
  neverMeasured: z
    .array(z.string())
    .describe("services no stored run measured: their health check's timing stands in"),
  basis: z.object({
    kind: z.enum(["same-strategy", "other-strategies", "none"]),
    runIds: z.array(z.string()),
    conditions: z.object({
      strategy: z.string().nullable(),
      fitMode: z.string().nullable(),
      engineVersion: z.string().nullable(),
      hostCpus: z.number().nullable(),
      hostMemoryBytes: z.number().nullable(),
      dataState: z.string().nullable(),
      overrides: z
        .record(z.string(), z.unknown())
        .describe(
          "the deploy's own choices its basis runs share: tuning, health, limits, probe (a deploy with the file's values: all empty, probe \"default\")",
        ),
    }),
  }),
  notes: z.array(z.string()).describe("the what-if's assumptions and foreseen failures"),
  memoryBelowPeak: z.boolean().describe("the what-if's memory limit is below the service's measured peak"),
  error: z.object({
    topology: z.string(),
    runs: z.number(),
    medianAbsErrorPct: z
      .number()
      .nullable()
      .describe("median |predicted − measured| / measured over recorded runs"),
  }),
});

const WHAT_IF = "what-if: name the service with service= and give cpus= or memoryBytes=";

export const predictionEndpoint = defineEndpoint(
  {
    method: "GET",
    path: "/topologies/{name}/prediction",
    tag: "topologies",
    summary: "Predicted startup before deploying (time to ready, critical path), with a what-if",
    description:
      "From the topology's healthy deploys under equal conditions (same file, strategy, fit mode, engine and host, data state when given): per service the median create → ready, walked through the plan's gates. A service no run measured falls back to its health check's timing and is listed in `neverMeasured`. What-if: `service` with `cpus` and/or `memoryBytes` changes that service's limits in the model (docs/PREDICTION.md).",
    access: "viewer",
    params: z.object({ name: z.string().describe("the topology's folder name") }),
    query: z
      .strictObject({
        strategy: z.enum(STRATEGIES).default("dag").describe("the start strategy"),
        fit: z.enum(FIT_MODES).default("clamp").describe("the fit mode"),
        data: z.enum(DATA_STATES).optional().describe("the data state to match (absent: any)"),
        service: z
          .string()
          .min(1, "a service of the topology")
          .max(200)
          .optional()
          .describe("what-if: the service"),
        cpus: z.coerce
          .number("a number of CPUs")
          .positive("more than 0")
          .max(1024, "1024 at most")
          .optional()
          .describe("what-if: its CPU limit"),
        memoryBytes: z.coerce
          .number("a number of bytes")
          .int("a whole number of bytes")
          .min(4 * 2 ** 20, "at least 4 MiB (Docker's minimum)")
          .optional()
          .describe("what-if: its memory limit in bytes"),
      })
      .superRefine((q, ctx) => {
        if (q.service !== undefined && q.cpus === undefined && q.memoryBytes === undefined)
          ctx.addIssue({ code: "custom", path: ["cpus"], message: `${WHAT_IF} (neither was given)` });
        if (q.service === undefined && (q.cpus !== undefined || q.memoryBytes !== undefined))
          ctx.addIssue({ code: "custom", path: ["service"], message: `${WHAT_IF} (service is missing)` });
      }),
    answers: [{ status: 200, description: "the prediction", kind: "envelope", data: ZPrediction }],
    errors: ["not_found", "engine_unreachable"],
  },
  async ({ params, query }) =>
    json(
      await predictTopology({
        name: params.name ?? "",
        strategy: query.strategy,
        fit: query.fit,
        dataState: query.data ?? null,
        override: query.service
          ? {
              service: query.service,
              ...(query.cpus !== undefined ? { cpus: query.cpus } : {}),
              ...(query.memoryBytes !== undefined ? { memoryBytes: query.memoryBytes } : {}),
            }
          : null,
      }),
    ),
);

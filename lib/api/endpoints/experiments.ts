// /api/v1 experiments: start one (variants × repetitions, run interleaved), list them, read one
// with its progress and verdicts, cancel it. docs/EXPERIMENTS.md explains the statistics.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { json } from "@/lib/http/respond";
import { cancelExperiment, startExperiment } from "@/lib/operations/experiment";
import { ZExperimentRequest } from "@/lib/operations/experiment-definition";
import { experimentList, experimentReport, type ExperimentReport } from "@/lib/operations/experiment-report";
import {
  experimentCsv,
  experimentJson,
  experimentMarkdown,
  EXPORT_FORMATS,
  type ExportFormat,
} from "@/lib/operations/experiment-export";
import { EXPERIMENT_STATUSES } from "@/lib/db/experiments";
import { downloadAnswer } from "../download";
import { defineEndpoint } from "../endpoint";
import { ZCancelling } from "../schemas";

const ZExperimentId = z.object({ id: z.string().describe("the experiment id") });
const ZStatus = z.enum(EXPERIMENT_STATUSES);
const ZSummary = z.object({
  n: z.number(),
  median: z.number(),
  mean: z.number(),
  sd: z.number(),
  min: z.number(),
  max: z.number(),
});

const ZVerdict = z.object({
  metric: z
    .string()
    .describe(
      "readyMs, dockerHealthyMs, phase:<name> (each startup phase's time), firstNodeReadyMs, cpuAvgCores, memPeakBytes, latencyP50Ms, latencyP95Ms (through the load balancer, when the topology has one)",
    ),
  metricLabel: z.string(),
  variant: z.number().int().describe("index of the variant judged against the baseline"),
  variantLabel: z.string(),
  baselineLabel: z.string(),
  n: z.number().int(),
  baselineN: z.number().int(),
  summary: ZSummary.nullable(),
  baselineSummary: ZSummary.nullable(),
  median: z.number().nullable(),
  outliers: z.array(z.number().int()).describe("indexes (repetition order) with |modified Z| > 3.5; kept"),
  ratio: z.number().nullable().describe("median(variant) ÷ median(baseline)"),
  ci: z
    .tuple([z.number(), z.number()])
    .nullable()
    .describe("95 % percentile bootstrap interval of the ratio"),
  pValueRaw: z.number().nullable().describe("Mann–Whitney U, two-sided"),
  pValue: z.number().nullable().describe("Holm-adjusted across every metric and variant judged"),
  pMethod: z.enum(["exact", "asymptotic"]).nullable(),
  cliffsDelta: z.number().nullable(),
  magnitude: z.enum(["negligible", "small", "medium", "large"]).nullable(),
  outcome: z.enum(["better", "worse", "no-difference", "not-significant", "not-judged"]),
  sentence: z.string(),
});

const ZVariant = z
  .object({
    topology: z.string(),
    strategy: z.string(),
    fit: z.string(),
    label: z.string(),
    baseline: z.boolean(),
  })
  .loose();

export const ZExperimentView = z.object({
  id: z.string(),
  name: z.string(),
  status: ZStatus,
  reason: z.string().nullable(),
  by: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  seed: z.number().int().describe("seeds the order and every bootstrap: the same seed, the same verdicts"),
  definition: z.object({}).loose().describe("the request as validated, with its seed"),
  variants: z.array(ZVariant),
  progress: z.object({
    completed: z.number().int(),
    total: z.number().int(),
    percent: z.number(),
    etaMs: z.number().nullable(),
  }),
  repetitions: z.array(
    z.object({
      slot: z.number().int(),
      variant: z.number().int(),
      repetition: z.number().int(),
      warmup: z.boolean(),
      runId: z.string().nullable(),
      status: z.string(),
      reason: z.string().nullable(),
      latency: z
        .object({ p50Ms: z.number(), p95Ms: z.number().nullable() })
        .nullable()
        .describe(
          "latency through the load balancer after ready (the deploy measures it), when there is one",
        ),
    }),
  ),
  samples: z.record(
    z.string(),
    z.array(
      z.object({
        variant: z.number().int(),
        repetition: z.number().int(),
        runId: z.string(),
        value: z.number(),
      }),
    ),
  ),
  metrics: z.array(z.object({ key: z.string(), label: z.string(), unit: z.string() })),
  conditions: z.string(),
  differences: z
    .array(z.string())
    .describe("conditions that differ between repetitions: no verdict while any"),
  calibration: z
    .object({})
    .loose()
    .nullable()
    .describe("create → start → exit of a trivial container, a few times"),
  drift: z.object({}).loose().nullable().describe("the baseline's first third against its last third"),
  verdicts: z.array(ZVerdict),
});

const ZExperimentListItem = z.object({
  id: z.string(),
  name: z.string(),
  status: ZStatus,
  createdAt: z.string(),
  progress: z.object({ completed: z.number().int(), total: z.number().int() }),
  variants: z.array(z.string()),
});

/** The report as the API answers it: each verdict also carries its variant's median at the top. */
const withMedians = (report: ExperimentReport) => ({
  ...report,
  verdicts: report.verdicts.map((v) => ({ ...v, median: v.summary?.median ?? null })),
});

export const startExperimentEndpoint = defineEndpoint(
  {
    method: "POST",
    path: "/experiments",
    tag: "experiments",
    summary: "Start an experiment: variants × repetitions, run interleaved, judged against a baseline",
    description:
      "Each repetition is an ordinary run followed by a teardown. One experiment at a time per engine (409). Bad input is refused naming the field; nothing is created.",
    access: "operator",
    body: ZExperimentRequest,
    answers: [
      {
        status: 202,
        description: "the experiment started",
        kind: "envelope",
        data: z.object({ id: z.string() }),
      },
    ],
    errors: ["conflict", "engine_unreachable"],
  },
  async ({ principal, address, body }) =>
    json(await startExperiment({ principal, address, request: body }), { status: 202 }),
);

export const experimentsEndpoint = defineEndpoint(
  {
    method: "GET",
    path: "/experiments",
    tag: "experiments",
    summary: "Experiments, newest first",
    access: "viewer",
    answers: [
      { status: 200, description: "the experiments", kind: "envelope", data: z.array(ZExperimentListItem) },
    ],
    errors: [],
  },
  async () => json(await experimentList()),
);

export const experimentEndpoint = defineEndpoint(
  {
    method: "GET",
    path: "/experiments/{id}",
    tag: "experiments",
    summary: "One experiment: status, progress with ETA, samples, conditions and verdicts",
    access: "viewer",
    params: ZExperimentId,
    answers: [{ status: 200, description: "the experiment", kind: "envelope", data: ZExperimentView }],
    errors: ["not_found"],
  },
  async ({ params }) => {
    const report = await experimentReport({ id: params.id ?? "" });
    if (!report) throw new AppError("not_found", `No experiment "${params.id}".`);
    return json(withMedians(report));
  },
);

export const cancelExperimentEndpoint = defineEndpoint(
  {
    method: "POST",
    path: "/experiments/{id}/cancel",
    tag: "experiments",
    summary: "Cancel an experiment: the run in flight is cancelled, no further repetition starts",
    access: "operator",
    params: ZExperimentId,
    answers: [{ status: 202, description: "cancelling", kind: "envelope", data: ZCancelling }],
    errors: ["not_found", "conflict"],
  },
  async ({ principal, address, params }) => {
    await cancelExperiment({ principal, address, id: params.id ?? "" });
    return json({ cancelling: true }, { status: 202 });
  },
);

const BODY_OF: Record<ExportFormat, (r: ExperimentReport) => string> = {
  json: experimentJson,
  csv: experimentCsv,
  md: experimentMarkdown,
};

export const experimentExportEndpoint = defineEndpoint(
  {
    method: "GET",
    path: "/experiments/{id}/export",
    tag: "experiments",
    summary:
      "Download an experiment: JSON (every sample, the seed, the verdicts), CSV (one row per sample) or Markdown",
    access: "viewer",
    params: ZExperimentId,
    query: z.strictObject({ format: z.enum(EXPORT_FORMATS).default("json") }),
    answers: [
      {
        status: 200,
        description: "the whole report (format=json)",
        kind: "raw-json",
        schema: ZExperimentView,
      },
      { status: 200, description: "every sample (format=csv)", kind: "text", contentType: "text/csv" },
      { status: 200, description: "the verdicts (format=md)", kind: "text", contentType: "text/markdown" },
    ],
    errors: ["not_found"],
  },
  async ({ params, query }) => {
    const report = await experimentReport({ id: params.id ?? "" });
    if (!report) throw new AppError("not_found", `No experiment "${params.id}".`);
    return downloadAnswer({
      body: BODY_OF[query.format](withMedians(report)),
      name: report.id,
      extension: query.format,
    });
  },
);

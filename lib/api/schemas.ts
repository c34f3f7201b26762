// The shapes /api/v1 answers with, as zod schemas: the OpenAPI document is generated from them and
// the API test checks every real answer against that document. Deep parts the panel may grow
// (analysis details, events' own fields) are open objects with their fixed fields named.
import { z } from "zod";
import { APP_ERROR_CODES } from "@/lib/errors";
import { RUN_KINDS, RUN_STATUSES } from "@/lib/run-vocabulary";

const ZIsoTime = z.iso.datetime({ offset: true }).describe("ISO 8601 time");
const ZMs = z.number().nullable();

/** The error envelope every endpoint answers a failure with. */
export const ZErrorEnvelope = z.object({
  ok: z.literal(false),
  error: z.object({
    code: z.enum(APP_ERROR_CODES),
    message: z.string(),
    details: z
      .unknown()
      .optional()
      .describe("for bad_request: [{ path, message }], one per field, the first named in the message"),
  }),
});

/** `{ ok: true, data }`. */
export const envelopeOf = (data: z.ZodType) => z.object({ ok: z.literal(true), data });

export const ZNextCursor = z
  .string()
  .nullable()
  .describe("pass as ?cursor= for the next page; null on the last page");

export const ZStarted = z.object({
  runId: z.string().describe("follow it at /api/v1/runs/{runId}/events"),
  project: z.string().describe("the Docker Compose project"),
});

export const ZScaleStarted = ZStarted.extend({
  services: z.array(z.string()).describe("the worker services added or removed"),
});

export const ZBatchStarted = z.object({
  batchId: z.string(),
  firstRunId: z.string().describe("the first deploy; the others follow once each round is torn down"),
});

export const ZCancelling = z.object({ cancelling: z.literal(true) });

export const ZClusterStatus = z.object({
  project: z.string(),
  services: z.array(
    z.object({
      service: z.string(),
      container: z.string(),
      id: z.string(),
      image: z.string(),
      state: z.string().describe("Docker's state: created, running, restarting, exited, …"),
      health: z.string().nullable().describe("starting, healthy, unhealthy; null without a health check"),
      ports: z.array(
        z.object({
          hostIp: z.string(),
          hostPort: z.number(),
          containerPort: z.number(),
          protocol: z.string(),
        }),
      ),
      startedAt: z.string().nullable(),
      uptimeMs: ZMs,
      runId: z.string().nullable(),
      imageId: z.string().nullable().describe("the image ID the container runs"),
      taggedImageId: z.string().nullable().describe("the image ID its tag names on the engine now"),
      imageOutdated: z
        .boolean()
        .describe("a newer image stands under the container's tag (pulled or built since it started)"),
    }),
  ),
  networks: z.array(z.string()),
  volumes: z.array(z.string()),
  activeRun: z
    .object({
      project: z.string(),
      runId: z.string(),
      kind: z.enum(RUN_KINDS),
      since: z.string(),
    })
    .nullable(),
});

export const ZTopologyItem = z.object({
  name: z.string(),
  files: z.array(z.string()).describe("compose files, relative to the topology's folder"),
});

const ZAllocation = z.looseObject({
  cpusLimit: z.number(),
  memoryLimitBytes: z.number(),
  cpusReservation: z.number(),
  memoryReservationBytes: z.number(),
  cpuUncapped: z.array(z.string()),
  memoryUncapped: z.array(z.string()),
});

export const ZTopologyDetail = ZTopologyItem.extend({
  project: z.string().nullable().describe("null when the file does not load"),
  errors: z
    .array(z.object({ line: z.number().nullable(), message: z.string() }))
    .describe("why the file does not load; empty when it does"),
  missing: z
    .array(z.object({ name: z.string(), message: z.string() }))
    .describe("required variables without a value (shown as placeholders)"),
  topology: z
    .object({
      contentHash: z.string().describe("sha256 of the compose file's text"),
      services: z.array(z.looseObject({ name: z.string(), image: z.string() })),
      networks: z.array(z.looseObject({ name: z.string() })),
      volumes: z.array(z.looseObject({ name: z.string() })),
    })
    .nullable()
    .describe("the parsed file (secrets redacted); null when it does not load"),
  analysis: z
    .looseObject({
      project: z.string(),
      services: z.array(z.string()),
      maxDepth: z.number(),
      phases: z.array(
        z.looseObject({
          name: z.string(),
          source: z.enum(["x-phase", "level"]),
          services: z.array(z.string()),
          allocation: ZAllocation,
        }),
      ),
      criticalPath: z.looseObject({ services: z.array(z.string()), totalMs: z.number() }),
      allocation: ZAllocation,
      levels: z.record(z.string(), z.number()),
    })
    .nullable(),
  policy: z
    .array(
      z.looseObject({
        id: z.string(),
        rule: z.string(),
        service: z.string(),
        path: z.string(),
        message: z.string(),
      }),
    )
    .describe("the deploy policy's findings on the file"),
  approvedPolicyIds: z.array(z.string()).describe("findings an admin approved for this version of the file"),
  preflight: z
    .looseObject({
      ok: z.boolean(),
      errors: z.array(z.looseObject({})),
      warnings: z.array(z.looseObject({})),
    })
    .nullable()
    .describe("the file fitted to this host under `fit`, checked; null when the host could not be asked"),
  hostError: z.string().nullable().describe("why the host could not be asked (the engine is down)"),
});

/** The stored run's list columns (lib/db/runs.ts LIST_FIELDS). */
export const ZRunSummary = z.object({
  id: z.string(),
  topology: z.string(),
  strategy: z.string(),
  status: z
    .enum(RUN_STATUSES)
    .describe("healthy: the run succeeded; interrupted: the panel stopped while it ran"),
  kind: z.enum(RUN_KINDS),
  project: z.string(),
  startedAt: ZIsoTime,
  finishedAt: ZIsoTime.nullable(),
  totalMs: ZMs,
  firstNodeReadyMs: ZMs,
  cpuAllocated: z.number().nullable(),
  memAllocatedBytes: z.number().nullable(),
  cpuAvgCores: z.number().nullable(),
  memAvgBytes: z.number().nullable(),
  latencyP50Ms: ZMs,
  regression: z.boolean(),
  baselineMedianMs: ZMs,
  batchId: z.string().nullable(),
  fitCpuScale: z.number().nullable(),
  fitMode: z.string().nullable(),
  dataState: z.string().nullable(),
  preparationMs: ZMs,
  readyMs: ZMs,
  dockerHealthyMs: ZMs,
  environmentId: z.string().nullable().describe("the environment it ran on; null: the panel's own engine"),
});

const ZJsonColumn = z.unknown().describe("stored JSON, parsed; null when absent");

export const ZRunDetail = ZRunSummary.extend({
  predictedMs: ZMs.describe(
    "the startup the model predicted when the run started (first create → all ready); null: none recorded",
  ),
  startupMs: ZMs.describe(
    "the measured startup: first container created → all ready (readyMs − preparationMs)",
  ),
  topologyHash: z.string().nullable(),
  cleanupMs: ZMs,
  engineVersion: z.string().nullable(),
  hostCpus: z.number().nullable(),
  hostMemoryBytes: z.number().nullable(),
  fitMemoryScale: z.number().nullable(),
  cpuPeakCores: z.number().nullable(),
  memPeakBytes: z.number().nullable(),
  latencyP95Ms: ZMs,
  ownerId: z.string().nullable(),
  reachedState: z.string().nullable(),
  cleanupState: z.string().nullable(),
  adoptedAt: ZIsoTime.nullable(),
  detailPrunedAt: ZIsoTime.nullable().describe(
    "when the run detail retention deleted its events and stat buckets (its summary and timings stay); null: all there",
  ),
  error: ZJsonColumn,
  settings: ZJsonColumn,
  fitChanges: ZJsonColumn,
  dataItems: ZJsonColumn,
  imageIds: ZJsonColumn,
  cleanupLeftovers: ZJsonColumn,
  phases: z.array(
    z.object({
      index: z.number(),
      name: z.string(),
      services: z.array(z.string()),
      startedAtMs: ZMs,
      readyAtMs: ZMs,
    }),
  ),
  services: z.array(
    z.looseObject({
      service: z.string(),
      container: z.string(),
      phase: z.string(),
      state: z.string(),
      readyAtMs: ZMs,
      probeKind: z.string().nullable(),
    }),
  ),
});

/** A run event as the orchestrator emitted it (secrets redacted); each type adds its own fields. */
export const ZRunEvent = z.looseObject({
  type: z.string().describe("run_started, run_state, phase, service_state, log, latency, run_finished, …"),
  runId: z.string(),
  project: z.string(),
  t: z.number().describe("ms since the run started (monotonic)"),
  at: ZIsoTime,
});

export const ZComparison = z.object({
  headers: z.array(z.string()).describe("one label per run, the baseline first"),
  tables: z.array(
    z.object({
      title: z.string(),
      rows: z.array(
        z.object({
          label: z.string(),
          unit: z.string(),
          lowerIsBetter: z.boolean().nullable(),
          cells: z.array(
            z.object({
              value: z.union([z.number(), z.string(), z.null()]),
              changePct: z.number().nullable(),
              spread: z.looseObject({}).nullable(),
            }),
          ),
        }),
      ),
    }),
  ),
});

/** Pages of a list. */
export const pageOf = (item: z.ZodType) => z.object({ items: z.array(item), nextCursor: ZNextCursor });

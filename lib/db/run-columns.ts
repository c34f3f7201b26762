// The Run table's JSON and enum-like string columns, parsed with zod where they leave the database.
// A row written by an older panel (or edited by hand) reads as "not recorded" (null) or as the
// column's fallback value, never as a cast that lies about its type.
import { z } from "zod";
import type { LatencyTestReport } from "@/lib/deploy/latency-test";
import type { NodeShare } from "@/lib/deploy/load-balancer/load-test";
import type { RunError, ServiceState } from "@/lib/deploy/types";

export const ZRunKind = z.enum(["deploy", "teardown", "scale", "latency"]);
export type StoredRunKind = z.infer<typeof ZRunKind>;

/** A run's status as stored: `running` until it finishes, `interrupted` when its panel died. */
export const ZRunStatus = z.enum(["running", "healthy", "failed", "cancelled", "torn_down", "interrupted"]);
export type StoredRunStatus = z.infer<typeof ZRunStatus>;

/** `none`: a run without a startup strategy (teardown, latency test). */
export const ZStoredStrategy = z.enum(["sequential", "phased", "dag", "none"]);
export type StoredStrategy = z.infer<typeof ZStoredStrategy>;

export const ZServiceState = z.enum([
  "waiting",
  "pulling",
  "creating",
  "starting",
  "running",
  "healthy",
  "completed",
  "failed",
  "stopping",
  "removed",
]) satisfies z.ZodType<ServiceState>;

export const ZCleanupState = z.enum(["pending", "done", "failed"]);
export type StoredCleanupState = z.infer<typeof ZCleanupState>;

export const ZRunError = z.object({
  message: z.string(),
  service: z.string().nullable(),
  logTail: z.array(z.string()),
  healthOutput: z.string().nullable(),
}) satisfies z.ZodType<RunError>;

export const ZLeftovers = z.object({
  containers: z.array(z.string()),
  networks: z.array(z.string()),
  volumes: z.array(z.string()),
});

export const ZFitChange = z.object({
  service: z.string(),
  field: z.string(),
  written: z.number().nullable(),
  applied: z.number().nullable(),
  why: z.string(),
});
export type TFitChange = z.infer<typeof ZFitChange>;

export const ZDataItem = z.object({
  kind: z.enum(["volume", "folder"]),
  name: z.string(),
  services: z.array(z.string()),
  state: z.enum(["cold", "warm"]),
  detail: z.string(),
});
export type TDataItem = z.infer<typeof ZDataItem>;

/** The settings a run was asked with: an object whose known parts readers parse further. */
export const ZRunSettings = z.record(z.string(), z.unknown());
export type StoredRunSettings = z.infer<typeof ZRunSettings>;

/** A JSON column read with its schema; null when absent, not JSON, or not of the schema. */
export const jsonColumn = <T>(schema: z.ZodType<T>, text: string | null): T | null => {
  if (text === null) return null;
  try {
    return schema.safeParse(JSON.parse(text)).data ?? null;
  } catch {
    return null;
  }
};

/** A stored event's payload column: the event as it was emitted, null when it is not JSON. */
export const eventPayload = (text: string): unknown => jsonColumn(z.unknown(), text);

/** An enum-like column read with its schema; `fallback` for a value this panel does not know. */
export const enumColumn = <T extends string>(schema: z.ZodType<T>, text: string, fallback: T): T =>
  schema.safeParse(text).data ?? fallback;

const ms = z.number().nullable();
const ZNodeShare = z.object({
  node: z.string(),
  served: z.number(),
  sharePct: z.number(),
  weight: z.number().nullable(),
  weightSharePct: z.number().nullable(),
}) satisfies z.ZodType<NodeShare>;

/** What a latency test stores in its run's settings (`settings.latencyTest`). */
export const ZLatencyTestReport = z.object({
  requests: z.number(),
  concurrency: z.number(),
  durationS: z.number(),
  targets: z.array(
    z.object({
      target: z.string(),
      via: z.enum(["load-balancer", "direct"]),
      url: z.string(),
      requests: z.number(),
      errors: z.number(),
      elapsedMs: z.number(),
      requestsPerSecond: z.number(),
      p50Ms: ms,
      p95Ms: ms,
      p99Ms: ms,
      maxMs: ms,
      meanMs: ms,
      shares: z.array(ZNodeShare),
    }),
  ),
}) satisfies z.ZodType<LatencyTestReport>;

/** The latency test report a run's settings carry, or null. */
export const latencyTestOf = (settings: StoredRunSettings): LatencyTestReport | null =>
  ZLatencyTestReport.safeParse(settings.latencyTest).data ?? null;

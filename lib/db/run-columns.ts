// The Run table's JSON and enum-like string columns, parsed with zod where they leave the database.
// A row written by an older panel (or edited by hand) reads as "not recorded" (null) or as the
// column's fallback value, never as a cast that lies about its type.
import { z } from "zod";
import type { LatencyTestReport } from "@/lib/deploy/latency-test";
import type { NodeShare } from "@/lib/deploy/load-balancer/load-test";
import type { RunError } from "@/lib/deploy/types";
import { RUN_KINDS, RUN_STATUSES, SERVICE_STATES, STRATEGIES } from "@/lib/run-vocabulary";

export const ZRunKind = z.enum(RUN_KINDS);
export type StoredRunKind = z.infer<typeof ZRunKind>;

/** A run's status as stored: `running` until it finishes, `interrupted` when its panel died. */
export const ZRunStatus = z.enum(RUN_STATUSES);
export type StoredRunStatus = z.infer<typeof ZRunStatus>;

/** `none`: a run without a startup strategy (teardown, latency test). */
export const ZStoredStrategy = z.enum([...STRATEGIES, "none"]);
export type StoredStrategy = z.infer<typeof ZStoredStrategy>;

export const ZServiceState = z.enum(SERVICE_STATES);

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

/** A value as JSON with every object's keys sorted: equal values, equal texts. */
const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
};

const ZStoredObject = z.record(z.string(), z.unknown()).catch({});

/** A deploy's own choices as stored: tuning variables, health-check overrides, per-service limits, probe. */
export type DeployOverrides = {
  tuning: Record<string, unknown>;
  health: Record<string, unknown>;
  limits: Record<string, unknown>;
  /** The probe mode asked for; "default" when unset (not the mode it resolved to). */
  probe: string;
};

/**
 * What a deploy's own choices changed beside its file, fit and data, read from its stored settings
 * (absent and empty read alike; a field of the wrong shape reads as absent).
 */
export const deployOverridesOf = (settings: StoredRunSettings): DeployOverrides => ({
  tuning: ZStoredObject.parse(settings.tuning ?? {}),
  health: ZStoredObject.parse(settings.health ?? {}),
  limits: ZStoredObject.parse(settings.limits ?? {}),
  probe: typeof settings.probe === "string" ? settings.probe : "default",
});

/** The deploy's own choices as one canonical text: runs with equal texts made equal choices. */
export const deployOverridesKey = (settings: StoredRunSettings): string =>
  canonicalJson(deployOverridesOf(settings));

// The choices a run is made of, one constant each: the zod schemas, the stored-column parsers
// (lib/db), the forms, the CLI and the docs read these and never write the values again
// (lib/architecture.test.ts fails on a second list). Kept in the kernel with no imports, so
// components/ and cli/ may import it as a value. The user roles are in lib/roles.ts, the same way.

/** How services are started: one at a time, phase by phase, or each as soon as its dependencies allow. */
export const STRATEGIES = ["sequential", "phased", "dag"] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** Whether a stored or typed string names a strategy ("none" and older values do not). */
export const isStrategy = (value: string): value is Strategy =>
  (STRATEGIES as readonly string[]).includes(value);

/**
 * clamp: change only what Docker would refuse (a limit above the host, reservations whose sum does
 * not fit); proportional: one factor for all so the sum fits (the topology on a host of its own
 * size); none: as written.
 */
export const FIT_MODES = ["clamp", "proportional", "none"] as const;
export type FitMode = (typeof FIT_MODES)[number];

/**
 * scale: worker nodes added (its total is the node-addition time) or removed (the node-removal
 * time), settings.direction "up" | "down"; latency: a latency test a person started; migration: a
 * guided migration A → B (lib/operations/migration.ts: stored, never on the bus; its steps are its phases).
 */
export const RUN_KINDS = ["deploy", "teardown", "scale", "latency", "migration"] as const;
export type RunKind = (typeof RUN_KINDS)[number];

/** Final outcome of a run. `healthy` for a deploy whose services all became ready; `torn_down` for a teardown. */
export const RUN_OUTCOMES = ["healthy", "failed", "cancelled", "torn_down"] as const;
export type RunStatus = (typeof RUN_OUTCOMES)[number];

/** A run's status as stored: `running` until it finishes, `interrupted` when its panel died. */
export const RUN_STATUSES = ["running", ...RUN_OUTCOMES, "interrupted"] as const;
export type StoredRunStatus = (typeof RUN_STATUSES)[number];

/**
 * How a service's readiness was decided: its health test exec'd in the container, a check from the
 * panel host to the container's address (http, redis PING, postgres startup message), Docker's own
 * health status only, or running without a check.
 */
export const PROBE_KINDS = ["exec", "http", "redis", "postgres", "docker", "running"] as const;
export type ProbeKind = (typeof PROBE_KINDS)[number];

/** How a deploy probes readiness: the health test exec'd, a host check where one exists, or Docker's health. */
export const PROBE_MODES = ["auto", "exec", "docker"] as const;
export type ProbeMode = (typeof PROBE_MODES)[number];

/** A run's data as a whole: all cold, all warm, some of each, or nothing persistent. */
export const DATA_STATES = ["cold", "warm", "mixed", "none"] as const;
export type DataState = (typeof DATA_STATES)[number];

/** Where one service of a run stands. */
export const SERVICE_STATES = [
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
] as const;
export type ServiceState = (typeof SERVICE_STATES)[number];

// A migration's steps, its checks and its stored state (one schema: the dry run answers it, the
// database stores it per step, GET /api/v1/migrations/{id} reads it back). planMigration is pure.
import { z } from "zod";
import { DATA_KINDS, type Correspondence } from "./correspondence";

/** The way forward, in order. */
export const FORWARD_STEPS = [
  "measure-a",
  "backup-a",
  "teardown-a",
  "carry-data",
  "deploy-b",
  "validate-b",
] as const;
/** What runs by itself when a forward step or a check of B fails, in order. */
export const ROLLBACK_STEPS = ["teardown-b", "restore-a", "deploy-a", "validate-a"] as const;
export type StepKey = (typeof FORWARD_STEPS)[number] | (typeof ROLLBACK_STEPS)[number];

export const STEP_STATES = ["pending", "running", "done", "failed", "skipped"] as const;
/** The checks of a validation, by name (the record names the one that failed). */
export const CHECK_NAMES = ["services-healthy", "postgres-rows", "minio-objects", "latency"] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

/** How a migration ended (running while it goes); stopped: it failed before A was touched. */
export const OUTCOMES = ["running", "migrated", "rolled_back", "rollback_failed", "stopped"] as const;

const ZVolumePair = z.object({
  from: z.string(),
  to: z.string(),
  kind: z.enum(DATA_KINDS).nullable(),
  fromService: z.string().nullable(),
  toService: z.string().nullable(),
  why: z.string(),
});

export const ZMigrationStep = z.object({
  key: z.enum([...FORWARD_STEPS, ...ROLLBACK_STEPS]),
  title: z.string(),
  state: z.enum(STEP_STATES),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  /** The run (deploy, teardown, latency test) or backup the step started. */
  runId: z.string().nullable(),
  detail: z.string().nullable(),
});
export type MigrationStep = z.infer<typeof ZMigrationStep>;

export const ZMigrationCheck = z.object({
  name: z.enum(CHECK_NAMES),
  /** Which topology was checked: B after the move, A after a rollback. */
  of: z.enum(["A", "B"]),
  ok: z.boolean(),
  detail: z.string(),
});
export type MigrationCheck = z.infer<typeof ZMigrationCheck>;

/** Postgres tables counted: how many, their rows in all, and an md5 of every "schema.table=rows". */
export const ZPostgresDigest = z.object({ tables: z.number(), rows: z.number(), md5: z.string() });
export type PostgresDigest = z.infer<typeof ZPostgresDigest>;

/** What A held before the move: postgres rows per table ("schema.table") and their digest, minio objects. */
export const ZDataCounts = z.object({
  postgresRows: z.record(z.string(), z.number()).nullable(),
  postgresDigest: ZPostgresDigest.nullable(),
  minioObjects: z.number().nullable(),
});
export type DataCounts = z.infer<typeof ZDataCounts>;

export const ZMigrationState = z.object({
  from: z.string(),
  to: z.string(),
  fromProject: z.string(),
  toProject: z.string(),
  environment: z.string().nullable(),
  strategy: z.string(),
  pairs: z.array(ZVolumePair),
  notCarried: z.array(z.object({ from: z.string(), service: z.string().nullable(), why: z.string() })),
  /** The checks validation runs (the dry run lists them; a real run records each result in `checks`). */
  plannedChecks: z.array(z.enum(CHECK_NAMES)),
  steps: z.array(ZMigrationStep),
  rollback: z.array(ZMigrationStep),
  checks: z.array(ZMigrationCheck),
  backupId: z.string().nullable(),
  before: ZDataCounts.nullable(),
  outcome: z.enum(OUTCOMES),
  /** The check (or step) whose failure started the rollback. */
  failed: z.string().nullable(),
  reason: z.string().nullable(),
});
export type MigrationState = z.infer<typeof ZMigrationState>;

const step = (key: StepKey, title: string): MigrationStep => ({
  key,
  title,
  state: "pending",
  startedAt: null,
  finishedAt: null,
  durationMs: null,
  runId: null,
  detail: null,
});

const CHECK_TITLES: Record<CheckName, string> = {
  "services-healthy": "every service healthy",
  "postgres-rows": "postgres row counts of every table equal to A's before",
  "minio-objects": "minio object count equal to A's before",
  latency: "a latency test through the load balancer answers",
};

export type PlanMigrationOptions = {
  from: { name: string; project: string };
  to: { name: string; project: string };
  correspondence: Correspondence;
  /** Whether B has a load balancer with a published port 80 (the latency check). */
  toHasLoadBalancer: boolean;
  /** Whether A has one (the latency check of A after a rollback). */
  fromHasLoadBalancer: boolean;
  environment: string | null;
  strategy: string;
};

const checksFor = ({
  correspondence,
  loadBalancer,
}: {
  correspondence: Correspondence;
  loadBalancer: boolean;
}) =>
  CHECK_NAMES.filter(
    (name) =>
      name === "services-healthy" ||
      (name === "postgres-rows" && correspondence.pairs.some((p) => p.kind === "postgres")) ||
      (name === "minio-objects" && correspondence.pairs.some((p) => p.kind === "minio")) ||
      (name === "latency" && loadBalancer),
  );

/** Every step of a migration A → B, the rollback's steps and the checks, all pending (the dry run's answer). */
export const planMigration = (options: PlanMigrationOptions): MigrationState => {
  const { from, to, correspondence } = options;
  const carried =
    correspondence.pairs.map((p) => `${p.from} → ${p.to}`).join(", ") || "no volume or data folder";
  const checks = checksFor({ correspondence, loadBalancer: options.toHasLoadBalancer });
  const checksOfA = checksFor({ correspondence, loadBalancer: options.fromHasLoadBalancer });
  const pg = correspondence.pairs.find((p) => p.kind === "postgres");
  return {
    from: from.name,
    to: to.name,
    fromProject: from.project,
    toProject: to.project,
    environment: options.environment,
    strategy: options.strategy,
    pairs: correspondence.pairs,
    notCarried: correspondence.notCarried,
    plannedChecks: checks,
    steps: [
      step(
        "measure-a",
        pg
          ? `Count A's data: rows of every table in ${pg.fromService ?? "postgres"}`
          : "Count A's data (no postgres volume or data folder is carried: nothing to count in SQL)",
      ),
      step(
        "backup-a",
        `Back up A's volumes and data folders (${correspondence.pairs.map((p) => p.from).join(", ") || "none"}), services paused for the copy`,
      ),
      step("teardown-a", `Tear down ${from.name} (project ${from.project}), keeping its volumes`),
      step("carry-data", `Restore the snapshot into ${to.name}'s volumes and data folders: ${carried}`),
      step("deploy-b", `Deploy ${to.name} (${options.strategy}) on the carried data`),
      step("validate-b", `Validate ${to.name}: ${checks.map((c) => CHECK_TITLES[c]).join("; ")}`),
    ],
    rollback: [
      step("teardown-b", `Tear down ${to.name}, keeping its volumes`),
      step("restore-a", `Restore the snapshot into ${from.name}'s volumes and data folders`),
      step("deploy-a", `Deploy ${from.name} again`),
      step("validate-a", `Validate ${from.name}: ${checksOfA.map((c) => CHECK_TITLES[c]).join("; ")}`),
    ],
    checks: [],
    backupId: null,
    before: null,
    outcome: "running",
    failed: null,
    reason: null,
  };
};

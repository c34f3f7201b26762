// The steps of a migration, run in order against the state stored per step (lib/migrations/steps.ts):
// each is marked running, then done or failed, and saved before the next begins, so a restarted
// panel begins again at the first step not done. Every deploy, teardown, backup and restore goes
// through the operations a person would use, under the migration's own lock.
import type { Actor } from "@/lib/auth/principal";
import { backupGate } from "@/lib/backups/backup-gate";
import type { StoredRunStatus } from "@/lib/db/run-columns";
import { findProjectContainers } from "@/lib/docker/project-objects";
import { ensureVolume } from "@/lib/docker/volumes";
import { countPostgresRows, minioObjectsOf } from "@/lib/migrations/data-counts";
import type { MigrationState, MigrationStep, StepKey } from "@/lib/migrations/steps";
import { shownKey } from "@/lib/backups/data-stores";
import { listBackups, restoreBackup, startBackup, type BackupView } from "./backups";
import { requestDeploy, requestTeardown } from "./deploy";
import { checkTopology, StepFailed, type DeployOutcome } from "./migration-checks";
import { ZDeployRequestFields } from "./deploy-settings";
import { loadOrExplain } from "./deploy-start";

type End = { status: Exclude<StoredRunStatus, "running">; error: string | null };

export type RunMigrationStepsOptions = Actor & {
  id: string;
  state: MigrationState;
  /** Stores the state (and, with `end`, the run's verdict). */
  save: (state: MigrationState, reachedState: string, end?: End) => Promise<void>;
};

/** Runs the migration's steps not yet done; rolls back by itself when one fails. */
export const runMigrationSteps = async (options: RunMigrationStepsOptions): Promise<void> => {
  const { id, principal, address, save } = options;
  const state = options.state;
  const actor = { principal, address };

  const run = async (
    list: MigrationStep[],
    key: StepKey,
    work: () => Promise<{ detail: string; runId?: string | null }>,
  ) => {
    const step = list.find((s) => s.key === key);
    if (!step || step.state === "done" || step.state === "skipped") return;
    step.state = "running";
    step.startedAt = new Date().toISOString();
    step.finishedAt = null;
    step.detail = null;
    await save(state, step.title);
    const began = performance.now();
    try {
      const { detail, runId } = await work();
      step.state = "done";
      step.detail = detail;
      if (runId !== undefined) step.runId = runId;
    } catch (error) {
      step.state = "failed";
      step.detail = error instanceof Error ? error.message : String(error);
      throw error instanceof StepFailed ? error : new StepFailed(key, step.detail);
    } finally {
      step.finishedAt = new Date().toISOString();
      step.durationMs = Math.round(performance.now() - began);
      await save(state, `${step.title}: ${step.state}`);
    }
  };

  const deploy = async (topology: string, list: MigrationStep[], key: StepKey) => {
    const step = list.find((s) => s.key === key);
    // A deploy a restart cut left its containers: cleared first, the volumes kept.
    if (step?.runId) await teardown(topology);
    const request = ZDeployRequestFields.parse({
      topology,
      strategy: state.strategy,
      environment: state.environment ?? undefined,
    });
    const started = await requestDeploy({ ...actor, request, migrationId: id });
    if (step) {
      step.runId = started.runId;
      await save(state, step.title);
    }
    const result = await started.done;
    return { runId: started.runId, status: result.status, error: result.error?.message ?? null };
  };

  const teardown = async (topology: string) => {
    const started = await requestTeardown({
      ...actor,
      topologyName: topology,
      removeVolumes: false,
      environment: state.environment,
      migrationId: id,
    });
    const result = await started.done;
    if (result.status !== "torn_down")
      throw new Error(
        `the teardown of ${topology} ended ${result.status}${result.error ? `: ${result.error.message}` : ""}`,
      );
    return started.runId;
  };

  const restore = async (topology: string, mapping: Record<string, string>) => {
    if (!state.backupId) throw new Error("no snapshot was taken");
    const { topology: loaded } = await loadOrExplain({ name: topology });
    // A volume B never had is made as its deploy would make it (labelled as B's), so the restore can fill it.
    const volumes = loaded.volumes.filter((v) => Object.values(mapping).includes(v.name));
    const gate = backupGate({
      project: loaded.project,
      dir: loaded.dir,
      sources: volumes.map((v) => ({ kind: "volume" as const, name: v.dockerName })),
      role: principal.role,
    });
    for (const volume of volumes) await ensureVolume({ volume, project: loaded.project, runId: id, gate });
    const done = await restoreBackup({
      ...actor,
      id: state.backupId,
      request: { topology, mapping, confirm: true, environment: state.environment },
      migrationId: id,
    });
    return done.mapping.map((m) => `${m.from} → ${m.to}`).join(", ");
  };

  /** Every check of a validation, recorded; the first that fails is thrown. */
  const validate = async (of: "A" | "B", deployed: DeployOutcome | null) => {
    const topology = of === "A" ? state.from : state.to;
    const results = await checkTopology({ state, of, deployed, principal, migrationId: id });
    state.checks.push(...results);
    const failed = results.find((r) => !r.ok);
    if (failed) throw new StepFailed(failed.name, `${failed.name} failed on ${topology}: ${failed.detail}`);
    return { detail: results.map((r) => `${r.name} ${r.ok ? "ok" : "FAILED"}`).join(", ") };
  };

  const forward = state.steps;
  const helpers = { run, deploy, teardown, restore, validate };
  // Resumed after a restart: a rollback under way goes on; a finished migration stays as it is.
  if (state.outcome !== "running") return;
  if (state.failed !== null) return rollBack(options, helpers);
  try {
    await run(forward, "measure-a", async () => {
      const pg = state.pairs.find((p) => p.kind === "postgres");
      if (!pg) {
        state.before = { postgresRows: null, postgresDigest: null, minioObjects: null };
        return { detail: "no postgres volume or data folder carried: no rows to count" };
      }
      const containers = await findProjectContainers({ project: state.fromProject });
      const container = containers.find((c) => c.service === pg.fromService && c.state === "running");
      if (!container)
        throw new Error(`${state.from}'s ${pg.fromService} is not running: its rows cannot be counted`);
      const counted = await countPostgresRows({ containerId: container.id });
      if (!counted.ok) throw new Error(`counting ${pg.fromService}'s rows failed: ${counted.reason}`);
      state.before = { postgresRows: counted.rows, postgresDigest: counted.digest, minioObjects: null };
      return { detail: `${counted.digest.tables} tables, ${counted.digest.rows} rows` };
    });
    await run(forward, "backup-a", async () => {
      const started = await startBackup({
        ...actor,
        request: { topology: state.from, pause: true, environment: state.environment, migrationId: id },
      });
      state.backupId = started.id;
      await started.done;
      const view = (await listBackups({ topology: state.from })).find((b) => b.id === started.id);
      if (!view?.complete)
        throw new Error(
          `backup ${started.id} is ${view?.state ?? "gone"}${view?.reason ? `: ${view.reason}` : ""}`,
        );
      assertCarriedCopied(state, view);
      const minio = state.pairs.find((p) => p.kind === "minio");
      const files = view.volumes.find((v) => v.name === minio?.from)?.files.map((f) => f.path);
      if (state.before && files) state.before.minioObjects = minioObjectsOf(files);
      return { detail: `backup ${view.id}: ${view.sizeBytes} bytes, ${view.consistency}`, runId: view.id };
    });
    await run(forward, "teardown-a", async () => ({
      detail: "torn down, volumes kept",
      runId: await teardown(state.from),
    }));
    await run(forward, "carry-data", async () => ({
      detail: await restore(state.to, Object.fromEntries(state.pairs.map((p) => [p.from, p.to]))),
    }));
    let deployedB: DeployOutcome | null = null;
    await run(forward, "deploy-b", async () => {
      const deployed = await deploy(state.to, forward, "deploy-b");
      deployedB = deployed;
      if (deployed.status !== "healthy") {
        state.checks.push({
          name: "services-healthy",
          of: "B",
          ok: false,
          detail: `the deploy ended ${deployed.status}${deployed.error ? `: ${deployed.error}` : ""}`,
        });
        throw new StepFailed(
          "services-healthy",
          `services-healthy failed on ${state.to}: the deploy ended ${deployed.status}${deployed.error ? `: ${deployed.error}` : ""}`,
        );
      }
      return { detail: `run ${deployed.runId} healthy`, runId: deployed.runId };
    });
    await run(forward, "validate-b", () => validate("B", deployedB));
    state.outcome = "migrated";
    await save(state, "migrated", { status: "healthy", error: null });
    return;
  } catch (error) {
    state.failed = error instanceof StepFailed ? error.failed : "unknown";
    state.reason = error instanceof Error ? error.message : String(error);
  }
  // Nothing of A was touched before its teardown began: then there is nothing to roll back.
  const touched = forward.find((s) => s.key === "teardown-a")?.state !== "pending";
  if (!touched) {
    for (const step of state.rollback) step.state = "skipped";
    state.outcome = "stopped";
    await save(state, "stopped before A was touched", {
      status: "failed",
      error: `${state.reason} — stopped before ${state.from} was touched: it runs as before`,
    });
    return;
  }
  return rollBack(options, helpers);
};

/** Refuses to go on when the backup lacks something the migration carries (it says why it did not copy it). */
const assertCarriedCopied = (state: MigrationState, view: BackupView): void => {
  const missing = state.pairs.filter((p) => !view.volumes.some((v) => v.name === p.from));
  if (missing.length === 0) return;
  const why = (key: string) => view.notCopied.find((n) => n.source === shownKey(key))?.why ?? "not copied";
  throw new Error(
    `backup ${view.id} lacks what the migration carries: ${missing.map((p) => `${p.from} (${why(p.from)})`).join("; ")}`,
  );
};

type Helpers = {
  run: (
    list: MigrationStep[],
    key: StepKey,
    work: () => Promise<{ detail: string; runId?: string | null }>,
  ) => Promise<void>;
  deploy: (
    topology: string,
    list: MigrationStep[],
    key: StepKey,
  ) => Promise<{ runId: string; status: string; error: string | null }>;
  teardown: (topology: string) => Promise<string>;
  restore: (topology: string, mapping: Record<string, string>) => Promise<string>;
  validate: (of: "A" | "B", deployed: DeployOutcome | null) => Promise<{ detail: string }>;
};

/** The rollback: tear down B, restore the snapshot into A's volumes, deploy A, validate A. */
const rollBack = async (
  { state, save }: RunMigrationStepsOptions,
  { run, deploy, teardown, restore, validate }: Helpers,
) => {
  const list = state.rollback;
  try {
    await run(list, "teardown-b", async () => ({
      detail: "torn down, volumes kept",
      runId: await teardown(state.to),
    }));
    await run(list, "restore-a", async () => {
      if (!state.backupId) return { detail: "no snapshot: A's volumes were never changed" };
      const kept = Object.fromEntries(state.pairs.map((p) => [p.from, p.from]));
      return { detail: await restore(state.from, kept) };
    });
    let deployedA: DeployOutcome | null = null;
    await run(list, "deploy-a", async () => {
      const deployed = await deploy(state.from, list, "deploy-a");
      deployedA = deployed;
      if (deployed.status !== "healthy")
        throw new Error(
          `the deploy of ${state.from} ended ${deployed.status}${deployed.error ? `: ${deployed.error}` : ""}`,
        );
      return { detail: `run ${deployed.runId} healthy`, runId: deployed.runId };
    });
    await run(list, "validate-a", () => validate("A", deployedA));
    state.outcome = "rolled_back";
    await save(state, "rolled back", {
      status: "failed",
      error: `${state.failed} failed (${state.reason}); rolled back: ${state.from} runs again with its data`,
    });
  } catch (error) {
    state.outcome = "rollback_failed";
    const why = error instanceof Error ? error.message : String(error);
    await save(state, "rollback failed", {
      status: "failed",
      error: `${state.failed} failed (${state.reason}); the rollback failed too: ${why}`,
    });
  }
};

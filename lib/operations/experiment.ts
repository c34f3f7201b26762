// Experiments: variants × repetitions run unattended in an interleaved schedule, each repetition an
// ordinary deploy run followed by a teardown, one experiment at a time per engine. Stored before
// each step, so a panel restart resumes at the next repetition (the one the restart cut is
// discarded and named). The verdict is computed when read (experiment-report.ts).
import { randomUUID } from "node:crypto";
import { recordAudit } from "@/lib/db/audit";
import { getRunsForCompare } from "@/lib/db/runs";
import {
  activeExperiments,
  createExperiment as storeExperiment,
  getExperiment,
  startRepetition,
  updateExperiment,
  updateRepetition,
} from "@/lib/db/experiments";
import { calibrateEngine } from "@/lib/docker/calibration";
import { engineGate } from "@/lib/docker/engine-gate";
import { panelOwnPolicy } from "@/lib/compose/policy-grants";
import { panelPaths } from "@/lib/catalog/topology-policy";
import { listPanelTopologies } from "@/lib/catalog/topologies";
import { currentOwnerId, ownerAlive } from "@/lib/recording/owner";
import { globalSingleton } from "@/lib/global-singleton";
import { AppError, isAppError } from "@/lib/errors";
import { newSeed } from "@/lib/verdict/statistics";
import type { Actor } from "@/lib/auth/principal";
import { acquireExperimentLock, experimentBusySentence } from "./experiment-lock";
import { storedPrincipal } from "./stored-principal";
import { requestCancel, requestDeploy, requestTeardown } from "./deploy";
import { ZDeployRequestFields } from "./deploy-settings";
import { engineScopeFor, storedEnvironmentId, withEnvironment } from "./environments";
import {
  buildSchedule,
  crossHostProblem,
  variantEnvironments,
  ZExperimentRequestFields,
  type ScheduleSlot,
  type TExperimentRequest,
  type TExperimentVariant,
} from "./experiment-definition";
import { z } from "zod";

/** The stored definition: the request as validated, with the seed it runs under. */
export const ZStoredDefinition = ZExperimentRequestFields.extend({ seed: z.number().int() });
export type StoredDefinition = z.infer<typeof ZStoredDefinition>;

const ZSchedule = z.array(z.object({ variant: z.number(), repetition: z.number(), warmup: z.boolean() }));

/** Deploys that fail in a row before the experiment stops (the rest would fail the same way). */
export const MAX_FAILURES_IN_A_ROW = 3;

type Live = { runId: string | null };
/** The experiments this process drives, and the run each has in flight. */
const driving = () => globalSingleton("experiments-driving", () => new Map<string, Live>());

/** Refuses a variant whose topology the panel does not have, naming the field (nothing is created). */
const assertTopologies = (variants: TExperimentVariant[]): void => {
  const names = new Set(listPanelTopologies().map((t) => t.name));
  variants.forEach((variant, index) => {
    if (!names.has(variant.topology)) {
      const path = `variants.${index}.topology`;
      const message = `no topology "${variant.topology}" under topologies/`;
      throw new AppError("bad_request", `Fix these fields: ${path}: ${message}`, [{ path, message }]);
    }
  });
};

/** The stored id of the one engine every variant would run on; 400 naming the variant whose engine differs. */
const sameEngineFor = async (request: TExperimentRequest): Promise<string | null> => {
  const given = variantEnvironments(request);
  const resolved = new Map<string | null, string | null>();
  for (const [index, environment] of given.entries()) {
    if (resolved.has(environment)) continue;
    const scope = await engineScopeFor(environment).catch((error: unknown) => {
      const path = request.variants[index]?.environment ? `variants.${index}.environment` : "environment";
      const message = `no environment "${environment}" (see Settings → Environments)`;
      throw isAppError(error) && error.code === "bad_request"
        ? new AppError("bad_request", `Fix these fields: ${path}: ${message}`, [{ path, message }])
        : error;
    });
    resolved.set(environment, storedEnvironmentId(scope));
  }
  const engines = given.map((environment) => resolved.get(environment) ?? null);
  const problem = crossHostProblem({ given, engines });
  if (problem)
    throw new AppError("bad_request", `Fix these fields: ${problem.path}: ${problem.message}`, [problem]);
  return engines[0] ?? null;
};

/** Creates an experiment and starts it in the background; 409 while another runs on the same engine. */
export const startExperiment = async ({
  principal,
  address,
  request,
}: Actor & { request: TExperimentRequest }): Promise<{ id: string }> => {
  assertTopologies(request.variants);
  const environment = await sameEngineFor(request);
  const id = `exp-${randomUUID().slice(0, 8)}`;
  // Taken before anything is read or stored: of two requests that arrive together one is refused here.
  const release = acquireExperimentLock({ environment, experimentId: id, name: request.name });
  try {
    // One another panel process runs (or one waiting to resume) holds no lock here: the stored ones say.
    const busy = (await activeExperiments()).find((e) => e.environment === environment);
    if (busy)
      throw new AppError(
        "conflict",
        experimentBusySentence({
          experimentId: busy.id,
          name: busy.name,
          since: (busy.startedAt ?? busy.createdAt).toISOString(),
        }),
        { experimentId: busy.id },
      );
    const seed = request.seed ?? newSeed();
    // The engine every variant runs on, as the request named it (a variant's own, else the experiment's).
    const named = variantEnvironments(request)[0] ?? undefined;
    const definition: StoredDefinition = { ...request, environment: named, seed };
    const schedule = scheduleOf(definition);
    await storeExperiment({
      id,
      name: request.name,
      definition: JSON.stringify(definition),
      seed,
      schedule: JSON.stringify(schedule),
      total: schedule.length,
      environment,
      by: principal.username,
      byUserId: principal.userId,
      byRole: principal.role,
    });
    await recordAudit({
      actor: principal.username,
      action: "experiment.start",
      target: id,
      address,
      detail: {
        name: request.name,
        variants: request.variants.length,
        repetitions: request.repetitions,
        seed,
      },
    });
  } catch (error) {
    release();
    throw error;
  }
  void driveExperiment({ id, principal, address, release });
  return { id };
};

/** The schedule of a definition; under warm data each variant's first repetition fills the data and is a warm-up. */
export const scheduleOf = (definition: StoredDefinition): ScheduleSlot[] =>
  buildSchedule({
    variants: definition.variants.length,
    repetitions: definition.repetitions,
    warmup: definition.data === "warm" ? Math.max(1, definition.warmup) : definition.warmup,
    order: definition.order,
    seed: definition.seed,
  });

const FINAL = new Set(["done", "failed", "discarded"]);

/** Runs an experiment's remaining slots in order, holding its engine's lock; resolves when it ends (done, failed or cancelled). */
const driveExperiment = async ({
  id,
  principal,
  address,
  release,
}: Actor & { id: string; release: () => void }): Promise<void> => {
  if (driving().has(id)) return;
  const live: Live = { runId: null };
  driving().set(id, live);
  try {
    await updateExperiment({ id, ownerId: currentOwnerId(), status: "running", startedAt: new Date() });
    const stored = await getExperiment({ id });
    if (!stored) return;
    const definition = ZStoredDefinition.parse(JSON.parse(stored.definition));
    const schedule = ZSchedule.parse(JSON.parse(stored.schedule));
    if (!stored.calibration) {
      const gate = engineGate(
        panelOwnPolicy({ project: "ollamamax-calibration", panel: panelPaths(), role: principal.role }),
      );
      const calibration = await withEnvironment(stored.environment, () => calibrateEngine({ gate }));
      await updateExperiment({ id, calibration: JSON.stringify(calibration) });
    }
    const finished = new Set(stored.repetitions.filter((r) => FINAL.has(r.status)).map((r) => r.slot));
    let failuresInARow = 0;
    for (const [slot, step] of schedule.entries()) {
      if (finished.has(slot)) continue;
      const now = await getExperiment({ id });
      if (!now || now.cancelRequested) {
        await finish({
          id,
          status: "cancelled",
          reason: `cancelled before repetition ${slot + 1} of ${schedule.length}`,
        });
        return;
      }
      const outcome = await runSlot({ id, slot, step, definition, principal, address, live });
      finished.add(slot);
      await updateExperiment({ id, completed: finished.size });
      failuresInARow = outcome === "failed" ? failuresInARow + 1 : 0;
      if (outcome === "cancelled") {
        await finish({
          id,
          status: "cancelled",
          reason: `cancelled during repetition ${slot + 1} of ${schedule.length}`,
        });
        return;
      }
      if (failuresInARow >= MAX_FAILURES_IN_A_ROW) {
        await finish({
          id,
          status: "failed",
          reason: `${MAX_FAILURES_IN_A_ROW} deploys in a row failed: stopped`,
        });
        return;
      }
    }
    await finish({ id, status: "done", reason: null });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`experiment ${id} stopped: ${reason}`);
    await finish({ id, status: "failed", reason }).catch(() => undefined);
  } finally {
    driving().delete(id);
    release();
  }
};

const finish = async ({
  id,
  status,
  reason,
}: {
  id: string;
  status: "done" | "failed" | "cancelled";
  reason: string | null;
}) => updateExperiment({ id, status, reason, finishedAt: new Date() });

/** Whether the slot starts from empty data: every slot under cold data; under warm only each variant's first. */
const freshDataFor = ({ definition, step }: { definition: StoredDefinition; step: ScheduleSlot }): boolean =>
  definition.data === "cold" || (step.warmup && step.repetition === 1);

/** One repetition: deploy, wait for its end, tear down; stored before and after. */
const runSlot = async ({
  id,
  slot,
  step,
  definition,
  principal,
  address,
  live,
}: Actor & {
  id: string;
  slot: number;
  step: ScheduleSlot;
  definition: StoredDefinition;
  live: Live;
}): Promise<"done" | "failed" | "cancelled"> => {
  const variant = definition.variants[step.variant] as TExperimentVariant;
  await startRepetition({ experimentId: id, slot, ...step });
  const request = ZDeployRequestFields.parse({
    topology: variant.topology,
    strategy: variant.strategy,
    fit: variant.fit,
    probe: variant.probe,
    tuning: variant.tuning ?? {},
    weights: variant.weights,
    freshData: freshDataFor({ definition, step }),
    environment: definition.environment,
  });
  let status: "done" | "failed" | "cancelled";
  let reason: string | null = null;
  try {
    const deploy = await requestDeploy({ principal, address, request });
    live.runId = deploy.runId;
    await updateRepetition({ experimentId: id, slot, runId: deploy.runId });
    const result = await deploy.done;
    status = result.status === "healthy" ? "done" : result.status === "cancelled" ? "cancelled" : "failed";
    if (status !== "done")
      reason = `deploy ended ${result.status}${result.error ? `: ${result.error.message}` : ""}`;
  } catch (error) {
    status = "failed";
    reason = `deploy refused: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    live.runId = null;
  }
  // Teardown between repetitions: the next one starts from nothing running (cold: from no data either).
  const teardown = await requestTeardown({
    principal,
    address,
    topologyName: variant.topology,
    removeVolumes: definition.data === "cold",
    environment: definition.environment,
  });
  await teardown.done;
  await updateRepetition({
    experimentId: id,
    slot,
    status: status === "cancelled" ? "discarded" : status,
    reason: status === "cancelled" ? "cancelled" : reason,
    finishedAt: new Date(),
  });
  return status;
};

/** Asks a running experiment to stop: the run in flight is cancelled, no further repetition starts. */
export const cancelExperiment = async ({ principal, address, id }: Actor & { id: string }): Promise<void> => {
  const experiment = await getExperiment({ id });
  if (!experiment) throw new AppError("not_found", `No experiment "${id}".`);
  if (experiment.status !== "running" && experiment.status !== "queued")
    throw new AppError("conflict", `experiment ${id} is ${experiment.status}: nothing to cancel`);
  await updateExperiment({ id, cancelRequested: true });
  const live = driving().get(id);
  if (live?.runId) await requestCancel({ principal, address, runId: live.runId }).catch(() => undefined);
  else if (!live)
    await finish({ id, status: "cancelled", reason: "cancelled while no panel process ran it" });
  await recordAudit({ actor: principal.username, action: "experiment.cancel", target: id, address });
};

/**
 * At boot, after the runs were reconciled: each experiment a dead panel process was running goes on
 * at its next repetition. The repetition the restart cut is discarded (named with its run) and its
 * leftovers torn down first. Returns the ids resumed.
 */
export const resumeExperimentsAtBoot = async (): Promise<string[]> => {
  const resumed: string[] = [];
  for (const experiment of await activeExperiments()) {
    if (driving().has(experiment.id) || (experiment.ownerId && ownerAlive(experiment.ownerId))) continue;
    const principal = storedPrincipal(experiment);
    const definition = ZStoredDefinition.parse(JSON.parse(experiment.definition));
    const full = await getExperiment({ id: experiment.id });
    for (const cut of full?.repetitions.filter((r) => r.status === "running") ?? []) {
      // A kill between the deploy's start and the journal's first write leaves no row of the run.
      const stored = cut.runId ? (await getRunsForCompare([cut.runId])).length > 0 : false;
      const run = cut.runId
        ? ` (run ${cut.runId}${stored ? "" : ", never stored: the panel stopped before its first write"})`
        : "";
      await updateRepetition({
        experimentId: experiment.id,
        slot: cut.slot,
        status: "discarded",
        reason: `cut by a panel restart${run}: discarded, the next repetition follows`,
        finishedAt: new Date(),
      });
      const variant = definition.variants[cut.variant];
      if (variant) {
        const teardown = await requestTeardown({
          principal,
          address: null,
          topologyName: variant.topology,
          removeVolumes: definition.data === "cold",
          environment: definition.environment,
        }).catch(() => null);
        await teardown?.done.catch(() => undefined);
      }
    }
    if (experiment.cancelRequested) {
      await finish({
        id: experiment.id,
        status: "cancelled",
        reason: "cancelled; the panel restarted before it stopped",
      });
      continue;
    }
    await recordAudit({
      actor: experiment.by,
      action: "experiment.resume",
      target: experiment.id,
      address: null,
      detail: { completed: experiment.completed, total: experiment.total },
    });
    let release: () => void;
    try {
      release = acquireExperimentLock({
        environment: experiment.environment,
        experimentId: experiment.id,
        name: experiment.name,
      });
    } catch (error) {
      console.error(`experiment ${experiment.id} not resumed: ${(error as Error).message}`);
      continue;
    }
    void driveExperiment({ id: experiment.id, principal, address: null, release });
    resumed.push(experiment.id);
  }
  return resumed;
};

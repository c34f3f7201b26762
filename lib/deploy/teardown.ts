// Teardown, tracked like a deploy: found by label (also after a panel restart), reverse dependency
// order (a container gets its stop signal once every container depending on it has received
// its own), each container then given its grace period (stop_grace_period, else 10 s) and removed,
// each network once its containers are gone; volumes only when asked; passes again when the engine comes back.
import { randomUUID } from "node:crypto";
import { dependencyLevels } from "@/lib/compose";
import { finishStop, removeContainer, signalStop, stopSettingsOf } from "@/lib/docker/containers";
import { errorMessage, isEngineTrouble } from "@/lib/docker/docker-error";
import { findProjectObjects } from "@/lib/docker/project-objects";
import type { ProjectContainer, ProjectObjects } from "@/lib/docker/project-objects";
import { removeNetwork } from "@/lib/docker/networks";
import { removeVolume } from "@/lib/docker/volumes";
import { acquireProjectLock } from "./lock";
import { waitingTiming } from "./phase-tracker";
import { trackRunResult } from "./live-results";
import { newRunResult } from "./run-result";
import { createRunContext, deferred, type RunOrigin } from "./run-context";
import { toRunError } from "./run-failure";
import type { RunResult, ServiceTiming } from "./types";
import type { StartedRun } from "./orchestrator";

export type StartTeardownOptions = {
  project: string;
  runId?: string;
  /** Also remove the project's named volumes (their data is lost). */
  removeVolumes?: boolean;
  /**
   * Seconds each container gets to stop gracefully before it is killed; unset: each container's
   * own stop_grace_period, else 10 s (as Compose's `down`).
   */
  stopTimeoutSeconds?: number;
  settings?: Record<string, unknown>;
  /** Waits (ms) before each new pass while the engine does not answer (default: ~2 minutes in all). */
  retryDelaysMs?: number[];
  /** When the request arrived: the run's t=0 (default: now). */
  origin?: RunOrigin;
  /**
   * A run of the project this teardown stopped (a deploy or scale in flight): the teardown takes
   * its lock at once, so nothing else starts in between, and begins once it has finished.
   */
  after?: { runId: string; finished: Promise<void> };
};

/** A container's grace period when neither the caller nor its file sets one (Compose's default). */
const DEFAULT_STOP_SECONDS = 10;

/** Back-off between teardown passes while the engine is down. */
export const TEARDOWN_RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000, 60_000];

/** Containers grouped by dependency level, deepest first (dependents stop before what they need). */
export const teardownLevels = (containers: Pick<ProjectContainer, "service" | "dependsOn">[]): string[][] => {
  const levels = dependencyLevels({
    services: containers.map((container) => ({
      name: container.service,
      dependsOn: container.dependsOn.map((service) => ({ service })),
    })),
  });
  const byLevel = new Map<number, string[]>();
  for (const [name, level] of Object.entries(levels))
    byLevel.set(level, [...(byLevel.get(level) ?? []), name]);
  return [...byLevel].sort(([a], [b]) => b - a).map(([, names]) => names);
};

/** Starts tearing a project down and returns at once; throws `conflict` while another run holds the project. */
export const startTeardown = (options: StartTeardownOptions): StartedRun => {
  const {
    project,
    removeVolumes = false,
    stopTimeoutSeconds,
    retryDelaysMs = TEARDOWN_RETRY_DELAYS_MS,
  } = options;
  const runId = options.runId ?? randomUUID();
  const release = acquireProjectLock({
    project,
    runId,
    kind: "teardown",
    takeOverFrom: options.after?.runId,
  });
  const ctx = createRunContext({ runId, project, origin: options.origin });
  const result = newRunResult({
    ctx,
    kind: "teardown",
    settings: { removeVolumes, stopTimeoutSeconds: stopTimeoutSeconds ?? null, ...options.settings },
  });
  const untrack = trackRunResult(result);
  let announced = false;
  /** One pass over what the project has now: containers by level, networks, volumes when asked. */
  const pass = async (): Promise<void> => {
    const objects = await findProjectObjects({ project });
    const levels = teardownLevels(objects.containers);
    if (!announced) {
      announced = true;
      ctx.emit({
        type: "run_started",
        kind: "teardown",
        strategy: null,
        services: objects.containers.map((container) => container.service),
        phases: levels.map((services, index) => ({ name: `Stop level ${index + 1}`, services })),
      });
      ctx.emit({ type: "run_state", run: { state: "tearing_down" } });
    }
    // Levels are what the run shows; the work is pipelined: each container gets its stop signal as
    // soon as the containers that depend on it have received theirs (so a dependent always starts
    // shutting down first), not when its whole level before it is gone; then each waits out its
    // own exit and is removed, all at once. A later pass (after the engine came back) appends its
    // own levels.
    const base = result.phases.length;
    for (const [level, services] of levels.entries())
      result.phases.push({
        index: base + level,
        name: `Stop level ${level + 1}`,
        services,
        startedAt: null,
        readyAt: null,
      });
    const levelOf = new Map(
      levels.flatMap((services, level) => services.map((name) => [name, level] as const)),
    );
    const remaining = levels.map((services) => new Set(services));
    const signalled = new Map(objects.containers.map((container) => [container.service, deferred<void>()]));
    const stopOne = async (container: ProjectContainer): Promise<void> => {
      const dependents = objects.containers.filter((other) => other.dependsOn.includes(container.service));
      await Promise.all(dependents.map((other) => signalled.get(other.service)?.promise));
      const level = levelOf.get(container.service) ?? 0;
      const phase = result.phases[base + level];
      if (phase && phase.startedAt === null) {
        phase.startedAt = ctx.now();
        ctx.emit({ type: "phase", index: phase.index, name: phase.name, status: "started" });
      }
      const timing: ServiceTiming = {
        ...waitingTiming({ service: container.service, phase: phase?.name ?? "" }),
        container: container.name,
        state: "stopping",
      };
      result.services = [...result.services.filter((s) => s.service !== container.service), timing];
      const stop = container.state === "running" ? await stopSettingsOf({ id: container.id }) : null;
      const delivered = stop?.running ? await signalStop({ id: container.id, signal: stop.signal }) : false;
      // "stopping" once the container has its stop signal (or, not running, is about to be removed).
      ctx.emit({
        type: "service_state",
        service: container.service,
        state: "stopping",
        container: container.name,
        detail: delivered ? `${stop?.signal} delivered` : null,
      });
      signalled.get(container.service)?.resolve();
      if (delivered)
        await finishStop({
          id: container.id,
          graceSeconds: stopTimeoutSeconds ?? stop?.graceSeconds ?? DEFAULT_STOP_SECONDS,
        });
      else await removeContainer({ id: container.id, stopTimeoutSeconds: 0 });
      timing.removedAt = ctx.now();
      timing.state = "removed";
      ctx.emit({
        type: "service_state",
        service: container.service,
        state: "removed",
        container: container.name,
        detail: null,
      });
      remaining[level]?.delete(container.service);
      if (phase && remaining[level]?.size === 0) {
        phase.readyAt = ctx.now();
        ctx.emit({ type: "phase", index: phase.index, name: phase.name, status: "ready" });
      }
    };
    const removed = new Map(objects.containers.map((container) => [container.id, deferred<void>()]));
    // Each network goes as soon as the last container attached to it is removed: the Engine
    // removes networks one after another, so one freed early overlaps the others' container work.
    const removeNetworkWhenEmpty = async (network: ProjectObjects["networks"][number]): Promise<void> => {
      const attached = objects.containers.filter((container) => container.networkIds.includes(network.id));
      await Promise.all(attached.map((container) => removed.get(container.id)?.promise));
      await removeNetwork({ id: network.id });
      ctx.log(`removed network ${network.name}`);
    };
    // Settled, not raced: a failure ends the pass only once every stop and removal begun has
    // finished, so nothing of this pass still works on the project after the run ends or the next
    // pass (engine back) starts.
    const settled = await Promise.allSettled([
      ...objects.containers.map((container) =>
        stopOne(container).then(
          () => removed.get(container.id)?.resolve(),
          (error: unknown) => {
            signalled.get(container.service)?.reject(error);
            removed.get(container.id)?.reject(error);
            throw error;
          },
        ),
      ),
      ...objects.networks.map(removeNetworkWhenEmpty),
    ]);
    const failed = settled.find((outcome) => outcome.status === "rejected");
    if (failed) throw failed.reason;
    if (removeVolumes) {
      for (const volume of objects.volumes) {
        await removeVolume({ name: volume.name });
        ctx.log(`removed volume ${volume.name}`);
      }
    } else if (objects.volumes.length > 0) {
      ctx.log(`kept ${objects.volumes.length} volumes (ask to remove volumes to delete their data)`);
    }
  };
  const execute = async (): Promise<RunResult> => {
    try {
      await options.after?.finished;
      // An engine that goes away mid-teardown (restart, upgrade) brings back the containers whose
      // restart policy says so: wait for it and go over what the project has again.
      for (const [attempt, delay] of [0, ...retryDelaysMs].entries()) {
        if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
        try {
          await pass();
          break;
        } catch (error) {
          if (!isEngineTrouble(error) || attempt === retryDelaysMs.length) throw error;
          ctx.log(`the Docker engine does not answer (${errorMessage(error)}): trying again`);
        }
      }
      result.status = "torn_down";
      result.totalMs = ctx.now();
      ctx.emit({ type: "run_state", run: { state: "torn_down" } });
    } catch (error) {
      result.totalMs = ctx.now();
      result.error = toRunError(error);
      ctx.emit({ type: "run_state", run: { state: "failed", error: result.error } });
    } finally {
      release();
    }
    ctx.emit({ type: "run_finished", result });
    untrack();
    return result;
  };
  return { runId, done: execute() };
};

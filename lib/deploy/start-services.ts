// Executes a plan: every service waits on its gates, then is created, started and watched to ready.
import type { Service, Topology } from "@/lib/compose/types";
import { createServiceContainer, startContainer } from "@/lib/docker/containers";
import type { EngineGate } from "@/lib/docker/engine-gate";
import { followLogs } from "@/lib/docker/logs";
import { createPhaseTracker, waitingTiming } from "./phase-tracker";
import type { DeployPlan, Gate, PlanStep } from "./plan";
import { confirmDockerHealth, defaultReadyTimeoutMs, dockerHealthWaitMs, waitReady } from "./readiness";
import type { ReadinessMarks } from "./readiness";
import type { ProbeMode } from "./probe";
import { deferred } from "./run-context";
import type { Deferred, RunContext } from "./run-context";
import { isRunFailure, serviceFailure, toRunError } from "./run-failure";
import { engineErrorSentence } from "@/lib/docker/docker-error";
import type { RunResult, ServiceState, ServiceTiming } from "./types";

export type StartServicesOptions = {
  ctx: RunContext;
  topology: Topology;
  plan: DeployPlan;
  /** Filled in as the run goes: services, phases, created containers. */
  result: RunResult;
  /** Functions that stop following the containers' output, called when the run ends. */
  logStops: (() => void)[];
  /** The run's Engine gate: containers are created and connected only through it. */
  gate: EngineGate;
  options: {
    probeIntervalMs: number;
    probeMode?: ProbeMode;
    serviceTimeoutMs: number | Record<string, number> | null;
    awaitDockerHealth: boolean;
    followLogs?: boolean;
  };
};

/** Starts every service of the plan; resolves when all are ready, throws the first failure (after all settle). */
export const startServices = async ({
  ctx,
  topology,
  plan,
  result,
  logStops,
  gate: engine,
  options,
}: StartServicesOptions): Promise<{ confirmations: Promise<void> }> => {
  const byName = new Map(topology.services.map((service) => [service.name, service]));
  const gates = new Map<string, Record<Gate["until"], Deferred<void>>>(
    plan.steps.map((step) => [
      step.service,
      { started: deferred(), ready: deferred(), completed: deferred() },
    ]),
  );
  const phases = createPhaseTracker({ ctx, plan, result });
  const confirmations: Promise<void>[] = [];
  const timings = new Map<string, ServiceTiming>();
  for (const step of plan.steps) {
    const timing = waitingTiming({ service: step.service, phase: plan.phases[step.phase]?.name ?? "" });
    timings.set(step.service, timing);
    result.services.push(timing);
  }
  const setState = (timing: ServiceTiming, state: ServiceState, detail: string | null = null) => {
    timing.state = state;
    ctx.emit({
      type: "service_state",
      service: timing.service,
      state,
      container: timing.container || null,
      detail,
    });
  };
  const timeoutOf = (service: Service): number => {
    const override = options.serviceTimeoutMs;
    if (typeof override === "number") return override;
    return override?.[service.name] ?? defaultReadyTimeoutMs(service);
  };

  const runStep = async (step: PlanStep): Promise<void> => {
    const service = byName.get(step.service);
    const gate = gates.get(step.service);
    const timing = timings.get(step.service);
    if (!service || !gate || !timing) return;
    try {
      const waits = step.after.map(
        (after) => gates.get(after.service)?.[after.until].promise ?? Promise.resolve(),
      );
      await Promise.race([Promise.all(waits), ctx.aborted]);
      ctx.signal.throwIfAborted();
      phases.started(step.phase);
      setState(timing, "creating");
      const container = await createServiceContainer({
        service,
        topology,
        runId: ctx.runId,
        gate: engine,
        // Listed for the cleanup the moment it exists: a failed network join still removes it.
        onCreated: (id) => {
          timing.createdAt = ctx.now();
          result.created.containers.push(id);
        },
      });
      timing.createdAt ??= ctx.now();
      timing.container = container.name;
      ctx.signal.throwIfAborted();
      if (options.followLogs !== false) {
        const stop = await followLogs({
          id: container.id,
          onLine: ({ stream, line }) => ctx.emit({ type: "log", service: service.name, stream, line }),
        }).catch(() => null);
        if (stop) logStops.push(stop);
      }
      setState(timing, "starting");
      await startContainer({ id: container.id });
      timing.startedAt = ctx.now();
      const oneShot = plan.oneShots.includes(service.name);
      const marks: ReadinessMarks = {
        runningAt: null,
        readyAt: null,
        dockerHealthyAt: null,
        completed: false,
        lastHealthOutput: null,
        probeKind: null,
      };
      const onDockerHealth = (status: string) =>
        ctx.emit({ type: "docker_health", service: service.name, status });
      await waitReady({
        ctx,
        service,
        containerId: container.id,
        probeIntervalMs: options.probeIntervalMs,
        probeMode: options.probeMode,
        timeoutMs: timeoutOf(service),
        oneShot,
        marks,
        onRunning: () => {
          timing.runningAt = marks.runningAt;
          setState(timing, "running");
          gate.started.resolve();
        },
        onDockerHealth,
      });
      timing.readyAt = marks.readyAt;
      timing.probeKind = marks.probeKind;
      timing.dockerHealthyAt = marks.dockerHealthyAt;
      setState(timing, marks.completed ? "completed" : "healthy", marks.lastHealthOutput);
      gate.started.resolve();
      gate.ready.resolve();
      if (marks.completed) gate.completed.resolve();
      phases.serviceReady(step);
      const check = service.healthcheck;
      if (check && !oneShot && options.awaitDockerHealth && marks.dockerHealthyAt === null) {
        const untilMs = ctx.now() + dockerHealthWaitMs(check);
        confirmations.push(
          confirmDockerHealth({
            ctx,
            containerId: container.id,
            marks,
            onDockerHealth,
            untilMs,
            pollMs: 200,
          }).then(() => {
            timing.dockerHealthyAt = marks.dockerHealthyAt;
          }),
        );
      }
    } catch (thrown) {
      // An Engine error (name in use, port taken, bad mount) is this service's failure too.
      const error =
        ctx.signal.aborted || isRunFailure(thrown)
          ? thrown
          : serviceFailure({
              message: `${service.name}: ${engineErrorSentence(thrown)}`,
              service: service.name,
              logTail: [],
              healthOutput: null,
            });
      const reason = ctx.signal.aborted ? ctx.signal.reason : error;
      if (!ctx.signal.aborted || toRunError(reason).service === service.name)
        setState(timing, "failed", toRunError(reason).message);
      for (const pending of Object.values(gate)) pending.reject(reason);
      throw error;
    }
  };

  const tasks = plan.steps.map(runStep);
  try {
    await Promise.all(tasks);
  } catch (error) {
    ctx.abort(error);
    await Promise.allSettled(tasks);
    throw ctx.signal.reason;
  }
  return { confirmations: Promise.all(confirmations).then(() => undefined) };
};

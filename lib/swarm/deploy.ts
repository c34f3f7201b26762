// A deploy to Swarm, run like a single-engine deploy: the same plan (sequential, phased, dag), the
// same events on the bus (so the run page and the recorder need nothing new), the same RunResult.
// Each step creates one Swarm service once its gates allow and waits until its tasks are running
// and ready on their nodes. The run stores where every task ran: settings.placement.
import { randomUUID } from "node:crypto";
import type { ApprovedPolicy } from "@/lib/compose/policy-grants";
import type { Topology } from "@/lib/compose/types";
import { engineGate } from "@/lib/docker/engine-gate";
import { registerActiveRun } from "@/lib/deploy/active-runs";
import { trackRunResult } from "@/lib/deploy/live-results";
import { acquireProjectLock } from "@/lib/deploy/lock";
import type { StartedRun } from "@/lib/deploy/orchestrator";
import { createPhaseTracker, waitingTiming } from "@/lib/deploy/phase-tracker";
import { planDeploy, type Gate } from "@/lib/deploy/plan";
import { createRunContext, deferred, sleep, type RunOrigin } from "@/lib/deploy/run-context";
import { isCancel, toRunError } from "@/lib/deploy/run-failure";
import type { RunConditions, RunResult, Strategy } from "@/lib/deploy/types";
import type { SwarmEngines } from "./engines";
import { placementOf } from "./placement";
import { prepareSwarmRun } from "./prepare";
import { assertSwarmPublishable, unpublishedPortsLine } from "./published-ports";
import { waitSwarmServiceHealthy, waitSwarmServiceReady } from "./readiness";
import { swarmServiceName, swarmServiceSpec } from "./service-spec";
import { removeSwarmProject } from "./teardown";

export type StartSwarmDeployOptions = {
  engines: SwarmEngines;
  topology: Topology;
  strategy: Strategy;
  runId?: string;
  probeIntervalMs?: number;
  /** Per service, until ready (default 5 minutes: images are not pulled, but nodes are slow to start many). */
  serviceTimeoutMs?: number;
  keepOnFailure?: boolean;
  settings?: Record<string, unknown>;
  fitScale?: { cpu: number; memory: number } | null;
  conditions?: Omit<RunConditions, "imageIds"> | null;
  origin?: RunOrigin;
  /** The topology's approved policy and the caller's role: every service and network passes its gate. */
  policy: ApprovedPolicy;
};

const replicasOf = (service: Topology["services"][number]) => service.swarm?.replicas ?? 1;

/** Starts a Swarm deploy and returns at once; throws (conflict) when the project is busy. */
export const startSwarmDeploy = (options: StartSwarmDeployOptions): StartedRun => {
  const { engines, topology, strategy } = options;
  assertSwarmPublishable(topology);
  const plan = planDeploy({ topology, strategy });
  const runId = options.runId ?? randomUUID();
  const release = acquireProjectLock({ project: topology.project, runId, kind: "deploy" });
  const ctx = createRunContext({ runId, project: topology.project, origin: options.origin });
  const engine = engineGate(options.policy);
  const forget = registerActiveRun(ctx);
  const intervalMs = options.probeIntervalMs ?? 500;
  const timeoutMs = options.serviceTimeoutMs ?? 300_000;
  const unpublishedPorts = unpublishedPortsLine(topology);
  const settings: Record<string, unknown> = {
    strategy,
    target: "swarm",
    probeIntervalMs: intervalMs,
    probeMode: "exec",
    keepOnFailure: options.keepOnFailure ?? false,
    serviceTimeoutMs: timeoutMs,
    // Read back by the run page (swarmPortsLine): the loopback ports Swarm could not publish.
    ...(unpublishedPorts ? { unpublishedPorts } : {}),
    ...options.settings,
  };
  const phaseOf = new Map(plan.steps.map((s) => [s.service, plan.phases[s.phase]?.name ?? ""]));
  const result: RunResult = {
    runId,
    kind: "deploy",
    project: topology.project,
    strategy,
    status: "failed",
    startedAt: ctx.startedAt.toISOString(),
    totalMs: 0,
    cleanupMs: null,
    cleanup: null,
    services: plan.steps.map((s) =>
      waitingTiming({ service: s.service, phase: phaseOf.get(s.service) ?? "" }),
    ),
    phases: plan.phases.map((phase, index) => ({ index, ...phase, startedAt: null, readyAt: null })),
    error: null,
    fitScale: options.fitScale ?? null,
    topologyHash: topology.contentHash,
    created: { containers: [], networks: [], volumes: [] },
    settings,
    conditions: options.conditions ? { ...options.conditions, imageIds: {} } : null,
    clocks: { preparationMs: null, readyMs: null, dockerHealthyMs: null },
  };
  const untrack = trackRunResult(result);
  ctx.emit({
    type: "run_started",
    kind: "deploy",
    strategy,
    services: plan.steps.map((s) => s.service),
    phases: plan.phases,
  });
  ctx.emit({ type: "run_state", run: { state: "pending" } });
  const phases = createPhaseTracker({ ctx, plan, result });
  const gates = new Map(
    plan.steps.map((s) => [s.service, { started: deferred<void>(), ready: deferred<void>() }]),
  );
  const wait = (gate: Gate) => {
    const g = gates.get(gate.service);
    return gate.until === "started" ? g?.started.promise : g?.ready.promise;
  };
  const pause = (ms: number) => sleep(ctx, ms);

  const runStep = async (step: (typeof plan.steps)[number]): Promise<void> => {
    const service = topology.services.find((s) => s.name === step.service);
    const timing = result.services.find((t) => t.service === step.service);
    const gate = gates.get(step.service);
    if (!service || !timing || !gate) throw new Error(`plan names unknown service ${step.service}`);
    await Promise.race([Promise.all(step.after.map(wait)), ctx.aborted]);
    phases.started(step.phase);
    const name = swarmServiceName({ project: topology.project, service: service.name });
    const state = (s: RunResult["services"][number]["state"], detail: string | null) => {
      timing.state = s;
      ctx.emit({ type: "service_state", service: service.name, state: s, container: name, detail });
    };
    timing.container = name;
    timing.createdAt = ctx.now();
    state("creating", `${replicasOf(service)} replica(s)`);
    await engine.createSwarmService(engines.manager, swarmServiceSpec({ topology, service, runId }));
    result.created.containers.push(name);
    const tasks = await waitSwarmServiceReady({
      engines,
      project: topology.project,
      service,
      replicas: replicasOf(service),
      intervalMs,
      timeoutMs,
      sleep: pause,
      onStarted: (up) => {
        timing.startedAt = timing.runningAt = ctx.now();
        state("running", `on ${up.map((t) => t.node).join(", ")}`);
        gate.started.resolve();
      },
    });
    timing.readyAt = ctx.now();
    state("healthy", `ready on ${tasks.map((t) => t.node).join(", ")}`);
    gate.ready.resolve();
    phases.serviceReady(step);
  };

  const execute = async (): Promise<RunResult> => {
    try {
      ctx.emit({ type: "run_state", run: { state: "preparing" } });
      if (unpublishedPorts) ctx.log(unpublishedPorts);
      await prepareSwarmRun({ ctx, engines, topology, created: result.created, gate: engine });
      await Promise.all(
        plan.steps.map((step) =>
          runStep(step).catch((error: unknown) => {
            ctx.abort(error);
            throw error;
          }),
        ),
      );
      result.clocks = { preparationMs: null, readyMs: ctx.now(), dockerHealthyMs: null };
      // Swarm's own verdict: every task running (for a checked service: its health check passed).
      await Promise.all(
        topology.services.map(async (service) => {
          await waitSwarmServiceHealthy({
            engines,
            project: topology.project,
            service,
            replicas: replicasOf(service),
            intervalMs,
            timeoutMs,
            sleep: pause,
          });
          const timing = result.services.find((t) => t.service === service.name);
          if (timing) timing.dockerHealthyAt = ctx.now();
          ctx.emit({ type: "docker_health", service: service.name, status: "healthy" });
        }),
      );
      result.clocks.dockerHealthyMs = ctx.now();
      result.settings.placement = await placementOf({ engines, project: topology.project });
      result.totalMs = ctx.now();
      result.status = "healthy";
      ctx.emit({ type: "run_state", run: { state: "healthy" } });
      ctx.log(
        `all ${plan.steps.length} services ready on the swarm in ${(result.totalMs / 1000).toFixed(1)} s`,
      );
    } catch (error) {
      const reason: unknown = ctx.signal.aborted ? ctx.signal.reason : error;
      ctx.abort(reason);
      result.totalMs = ctx.now();
      result.error = toRunError(reason);
      result.status = isCancel(reason) ? "cancelled" : "failed";
      result.settings.placement = await placementOf({ engines, project: topology.project }).catch(() => null);
      ctx.emit({
        type: "run_state",
        run:
          result.status === "cancelled" ? { state: "cancelled" } : { state: "failed", error: result.error },
      });
      if (!settings.keepOnFailure) {
        const began = ctx.now();
        ctx.emit({ type: "run_state", run: { state: "tearing_down" } });
        const removed = await removeSwarmProject({
          engines,
          project: topology.project,
          order: plan.steps.map((s) => s.service),
          // As on one engine: the volumes this run created go, data kept from an earlier run stays.
          volumes: { createdByRun: runId },
        });
        result.cleanup = removed.cleanup;
        result.cleanupMs = ctx.now() - began;
        ctx.emit({ type: "run_state", run: { state: "torn_down" } });
      }
    } finally {
      forget();
      release();
    }
    ctx.emit({ type: "run_finished", result });
    untrack();
    return result;
  };
  return { runId, done: execute() };
};

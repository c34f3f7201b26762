// A deploy to Swarm, run like a single-engine deploy: the same plan (sequential, phased, dag), the
// same events on the bus (so the run page and the recorder need nothing new), the same RunResult.
// Each step creates one Swarm service once its gates allow and waits until its tasks are running
// and ready on their nodes. The run stores where every task ran: settings.placement.
import type { ApprovedPolicy } from "@/lib/compose/policy-grants";
import type { Topology } from "@/lib/compose/types";
import { engineGate } from "@/lib/docker/engine-gate";
import type { StartedRun } from "@/lib/deploy/orchestrator";
import { createPhaseTracker, waitingTiming } from "@/lib/deploy/phase-tracker";
import { planDeploy, type Gate } from "@/lib/deploy/plan";
import { deferred, sleep, type RunOrigin } from "@/lib/deploy/run-context";
import { announceRun, executeRun, openRun } from "@/lib/deploy/run-lifecycle";
import { newRunResult } from "@/lib/deploy/run-result";
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
  // Built before the lock is taken: nothing is left held if it throws.
  const engine = engineGate(options.policy);
  const { runId, ctx, release } = openRun({
    project: topology.project,
    runId: options.runId,
    kind: "deploy",
    origin: options.origin,
  });
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
    ...newRunResult({
      ctx,
      kind: "deploy",
      settings,
      strategy,
      phases: plan.phases.map((phase, index) => ({ index, ...phase, startedAt: null, readyAt: null })),
      topologyHash: topology.contentHash,
      fitScale: options.fitScale ?? null,
    }),
    services: plan.steps.map((s) =>
      waitingTiming({ service: s.service, phase: phaseOf.get(s.service) ?? "" }),
    ),
    conditions: options.conditions ? { ...options.conditions, imageIds: {} } : null,
    clocks: { preparationMs: null, readyMs: null, dockerHealthyMs: null },
  };
  const untrack = announceRun({
    ctx,
    result,
    strategy,
    services: plan.steps.map((s) => s.service),
    phases: plan.phases,
  });
  const phases = createPhaseTracker({ ctx, plan, result });
  const gates = new Map(
    plan.steps.map((s) => [s.service, { started: deferred<void>(), ready: deferred<void>() }]),
  );
  const wait = (gate: Gate) => {
    const g = gates.get(gate.service);
    return gate.until === "started" ? g?.started.promise : g?.ready.promise;
  };
  const pause = (ms: number) => sleep(ctx, ms);
  /** What both of Swarm's waits on a service take: where, how many tasks, how often and how long. */
  const waitOn = (service: Topology["services"][number]) => ({
    engines,
    project: topology.project,
    service,
    replicas: replicasOf(service),
    intervalMs,
    timeoutMs,
    sleep: pause,
  });

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
      ...waitOn(service),
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

  const work = async (): Promise<void> => {
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
        await waitSwarmServiceHealthy(waitOn(service));
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
  };
  const done = executeRun({
    ctx,
    result,
    keepOnFailure: options.keepOnFailure ?? false,
    work,
    // Where the tasks ran, also of a failed run.
    onFailure: async () => {
      result.settings.placement = await placementOf({ engines, project: topology.project }).catch(() => null);
    },
    cleanup: async () => {
      const removed = await removeSwarmProject({
        engines,
        project: topology.project,
        order: plan.steps.map((s) => s.service),
        // As on one engine: the volumes this run created go, data kept from an earlier run stays.
        volumes: { createdByRun: runId },
      });
      return removed.cleanup;
    },
    release,
    untrack,
  });
  return { runId, done };
};

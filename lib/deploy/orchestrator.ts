// A deploy run: preparation, then the plan's gates executed over lib/docker, with every transition
// published on the bus. The returned promise always resolves with the RunResult, never rejects.
import type { Topology } from "@/lib/compose/types";
import type { ApprovedPolicy } from "@/lib/compose/policy-grants";
import { engineGate } from "@/lib/docker/engine-gate";
import { CONFIRMATION_NOT_AWAITED } from "@/lib/docker-confirmation";
import { runFilter } from "@/lib/docker/labels";
import { applyFileRestartPolicies } from "@/lib/docker/restart-policies";
import { markActiveRunReady } from "./active-runs";
import { cleanupRun } from "./cleanup";
import { attachEngineClock } from "./engine-clock";
import { measureLatency, type LatencyTarget } from "./latency-probe";
import { planDeploy, type DeployPlan } from "./plan";
import { prepareRun } from "./prepare";
import { DEFAULT_PROBE_MODE, type ProbeMode } from "./probe";
import { runClocks } from "./clocks";
import { newRunResult } from "./run-result";
import { traceStep } from "./trace";
import type { RunContext, RunOrigin } from "./run-context";
import { announceRun, executeRun, openRun } from "./run-lifecycle";
import { toRunError } from "./run-failure";
import { assertSecrets } from "./secrets";
import { startServices } from "./start-services";
import type { RunConditions, RunResult, Strategy } from "./types";

export type StartDeployOptions = {
  topology: Topology;
  strategy: Strategy;
  runId?: string;
  /** How often readiness is probed during startup (ms). */
  probeIntervalMs?: number;
  /** How readiness is probed: exec (the default), docker or auto (see probe.ts). */
  probeMode?: ProbeMode;
  /** Override of the per-service ready timeout (ms): one value for all, or by service name. */
  serviceTimeoutMs?: number | Record<string, number>;
  /** Leave a failed or cancelled run's objects in place for debugging. */
  keepOnFailure?: boolean;
  /** After all are ready, wait (bounded by each check's interval) for Docker's own "healthy" to record it. */
  awaitDockerHealth?: boolean;
  /** Stream the containers' output into the run's log events. */
  followLogs?: boolean;
  /** When given, required secrets are checked in it before anything is created. */
  env?: Record<string, string | undefined>;
  /** The fit-to-host scale the caller applied to `topology`, recorded with the run. */
  fitScale?: { cpu: number; memory: number } | null;
  /** Once every service is ready, measure request latency to this URL (published port, loopback). */
  latencyTarget?: LatencyTarget | null;
  /** Extra settings recorded with the run (e.g. the topology's name, who started it). */
  settings?: Record<string, unknown>;
  /** "scale": the topology holds only what is added to a running cluster (see scale.ts). */
  kind?: "deploy" | "scale";
  /** A plan made by the caller instead of the strategy's (scale: one service, no gates). */
  plan?: DeployPlan;
  /** Lines for the run's log before anything starts (what the caller changed and why). */
  notes?: string[];
  /**
   * Once every service is ready and before the run counts as healthy (scale: put the new nodes
   * behind the load balancer and wait until they answer through it). A throw fails the run.
   */
  afterReady?: (run: { ctx: RunContext; result: RunResult }) => Promise<void>;
  /** When the request arrived: the run's t=0 (default: now). */
  origin?: RunOrigin;
  /**
   * The topology's approved policy and the caller's role (lib/operations/policy.ts): every request
   * the run sends to the Engine passes its gate (lib/docker/engine-gate.ts).
   */
  policy: ApprovedPolicy;
  /** Fit mode and data state the caller established; the image IDs are added once images are present. */
  conditions?: Omit<RunConditions, "imageIds"> | null;
};

export type StartedRun = { runId: string; done: Promise<RunResult> };

/** Starts a deploy and returns at once; throws (bad_request, conflict) when it cannot start at all. */
export const startDeploy = (options: StartDeployOptions): StartedRun => {
  const { topology, strategy } = options;
  if (options.env) assertSecrets({ topology, env: options.env });
  const kind = options.kind ?? "deploy";
  const plan = options.plan ?? planDeploy({ topology, strategy });
  // Built before the lock is taken: nothing is left held if it throws.
  const gate = engineGate(options.policy);
  const { runId, ctx, release } = openRun({
    project: topology.project,
    runId: options.runId,
    kind,
    origin: options.origin,
  });
  const settings = {
    ...(kind === "deploy" ? { strategy } : {}),
    probeIntervalMs: options.probeIntervalMs ?? 250,
    probeMode: options.probeMode ?? DEFAULT_PROBE_MODE,
    keepOnFailure: options.keepOnFailure ?? false,
    serviceTimeoutMs: options.serviceTimeoutMs ?? null,
    awaitDockerHealth: options.awaitDockerHealth ?? true,
    ...options.settings,
  };
  const result: RunResult = {
    ...newRunResult({
      ctx,
      kind,
      settings,
      strategy: kind === "deploy" ? strategy : null,
      phases: plan.phases.map((phase, index) => ({ index, ...phase, startedAt: null, readyAt: null })),
      topologyHash: topology.contentHash,
      fitScale: options.fitScale ?? null,
    }),
    conditions: options.conditions ? { ...options.conditions, imageIds: {} } : null,
    clocks: { preparationMs: null, readyMs: null, dockerHealthyMs: null },
  };
  const untrack = announceRun({
    ctx,
    result,
    strategy: kind === "deploy" ? strategy : null,
    services: plan.steps.map((step) => step.service),
    phases: plan.phases,
  });
  for (const note of options.notes ?? []) ctx.log(note);
  traceStep("run started");
  const engineClock = attachEngineClock({ ctx, result });
  const logStops: (() => void)[] = [];
  const work = async (): Promise<void> => {
    ctx.emit({ type: "run_state", run: { state: "preparing" } });
    // Docker's clock must hear the first container's create: both before any container exists.
    const [imageIds] = await Promise.all([
      prepareRun({ ctx, topology, created: result.created, gate }),
      engineClock.connected.then(() => traceStep("engine clock connected")),
    ]);
    if (result.conditions) result.conditions.imageIds = imageIds;
    const started = await startServices({
      ctx,
      topology,
      plan,
      result,
      logStops,
      gate,
      options: { ...options, ...settings },
    });
    if (options.afterReady) await Promise.race([options.afterReady({ ctx, result }), ctx.aborted]);
    result.totalMs = ctx.now();
    result.status = "healthy";
    // From here a stop (Cancel, Tear down) ends only the wait below: the verdict stands.
    markActiveRunReady(runId);
    ctx.emit({ type: "run_state", run: { state: "healthy" } });
    ctx.log(`all ${plan.steps.length} services ready in ${(result.totalMs / 1000).toFixed(1)} s`);
    const restartable = await applyFileRestartPolicies({ filters: runFilter(runId) });
    if (restartable > 0) ctx.log(`applied the file's restart policy to ${restartable} containers`);
    const afterVerdict = async () => {
      if (options.latencyTarget) {
        const latency = await measureLatency(options.latencyTarget);
        ctx.emit({ type: "latency", latency });
        ctx.log(
          `latency through ${latency.service}: p50 ${latency.p50Ms} ms, p95 ${latency.p95Ms} ms (${latency.requests} requests)`,
        );
      }
      await started.confirmations;
    };
    await Promise.race([afterVerdict(), ctx.aborted]).catch((error: unknown) => {
      if (!ctx.signal.aborted) throw error;
      result.settings.dockerConfirmation = CONFIRMATION_NOT_AWAITED;
      ctx.log(toRunError(ctx.signal.reason).message);
    });
  };
  const done = executeRun({
    ctx,
    result,
    keepOnFailure: settings.keepOnFailure,
    work,
    cleanup: () => cleanupRun({ ctx, created: result.created }),
    finish: async () => {
      await engineClock.finish();
      result.clocks = runClocks({ services: result.services, topology, oneShots: plan.oneShots });
      for (const stop of logStops) stop();
    },
    release,
    untrack,
  });
  return { runId, done };
};

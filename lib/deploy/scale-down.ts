// A scale-down run: worker nodes drained, then removed. The load balancer gets an upstream without
// them (`nginx -t`, graceful reload), the panel waits until nginx's old workers have finished their
// requests and checks that no answer comes from them any more; only then are the containers
// stopped and removed. Its total — from the request until the containers are gone — is the
// node-removal time.
import { randomUUID } from "node:crypto";
import { inspectContainer, removeContainer } from "@/lib/docker/containers";
import { findProjectContainers } from "@/lib/docker/project-objects";
import { AppError } from "@/lib/errors";
import { applyUpstream } from "./load-balancer/apply";
import { boundLoadBalancer, runningNodes } from "./load-balancer/bound";
import { requestServed } from "./load-balancer/served-by";
import { registerActiveRun } from "./active-runs";
import { trackRunResult } from "./live-results";
import { newRunResult, settleRun } from "./run-result";
import { acquireProjectLock } from "./lock";
import type { StartedRun } from "./orchestrator";
import { waitingTiming } from "./phase-tracker";
import { createRunContext, type RunOrigin, type RunContext } from "./run-context";
import type { ServiceTiming } from "./types";

export type StartScaleDownOptions = {
  project: string;
  /** Services to remove (worker nodes). */
  services: string[];
  runId?: string;
  /** When the request arrived: the run's t=0 (default: now). */
  origin?: RunOrigin;
  dataRoot?: string;
  /** Seconds each node gets to stop gracefully once drained. */
  stopTimeoutSeconds?: number;
  /** Requests through the load balancer that must all come from the remaining nodes. */
  verifyRequests?: number;
  settings?: Record<string, unknown>;
};

const PHASES = ["Drain from load balancer", "Stop and remove"] as const;
/** The nodes are listed under the second phase only: a service is shown once per run. */
const phaseServices = (index: number, services: string[]) => (index === 1 ? services : []);

/** Sends requests through the load balancer; throws when one fails or comes from a removed node. */
const verifyNoTraffic = async ({
  ctx,
  url,
  removed,
  requests,
}: {
  ctx: RunContext;
  url: string;
  removed: Set<string>;
  requests: number;
}) => {
  for (let i = 0; i < requests; i++) {
    const answer = await requestServed({ url: `${url}/api/tags`, timeoutMs: 5_000 });
    if (answer.node !== null && removed.has(answer.node))
      throw new Error(`${answer.node} still answered through the load balancer after the reload`);
    if (!answer.ok)
      throw new Error(`the load balancer failed a request while draining: ${answer.error ?? answer.status}`);
  }
  ctx.log(`${requests} requests through the load balancer: none reached ${[...removed].join(", ")}`);
};

/** Starts removing nodes and returns at once; throws `conflict` while another run holds the project. */
export const startScaleDown = (options: StartScaleDownOptions): StartedRun => {
  const { project, services, stopTimeoutSeconds = 10, verifyRequests = 20 } = options;
  const runId = options.runId ?? randomUUID();
  const release = acquireProjectLock({ project, runId, kind: "scale" });
  const ctx = createRunContext({ runId, project, origin: options.origin });
  // Known as in flight, so a teardown asked meanwhile waits for it (it is short and not cancelled).
  const forget = registerActiveRun(ctx, { cancellable: false });
  const result = newRunResult({
    ctx,
    kind: "scale",
    phases: PHASES.map((name, index) => ({
      index,
      name,
      services: phaseServices(index, services),
      startedAt: null,
      readyAt: null,
    })),
    settings: {
      direction: "down",
      count: services.length,
      removedNodes: services,
      stopTimeoutSeconds,
      ...options.settings,
    },
  });
  // Readable while it runs, so the recorder stores its timings even if the panel stops midway.
  const untrack = trackRunResult(result);
  ctx.emit({
    type: "run_started",
    kind: "scale",
    strategy: null,
    services,
    phases: PHASES.map((name, index) => ({ name, services: phaseServices(index, services) })),
  });
  ctx.emit({ type: "run_state", run: { state: "pending" } });
  const phase = (index: number, status: "started" | "ready") => {
    const timing = result.phases[index];
    if (timing) timing[status === "started" ? "startedAt" : "readyAt"] = ctx.now();
    ctx.emit({ type: "phase", index, name: PHASES[index] ?? "", status });
  };
  const work = async (): Promise<void> => {
    const containers = await findProjectContainers({ project });
    const targets = containers.filter((c) => services.includes(c.service));
    const missing = services.filter((s) => !targets.some((c) => c.service === s));
    if (missing.length > 0) throw new AppError("conflict", `${missing.join(", ")} do not run in ${project}.`);
    const timings = new Map<string, ServiceTiming>(
      targets.map((c) => [
        c.service,
        { ...waitingTiming({ service: c.service, phase: PHASES[0] }), container: c.name },
      ]),
    );
    result.services.push(...timings.values());
    const setState = (service: string, state: ServiceTiming["state"], detail: string | null) => {
      const timing = timings.get(service);
      if (timing) timing.state = state;
      ctx.emit({ type: "service_state", service, state, container: timing?.container ?? null, detail });
    };
    ctx.emit({ type: "run_state", run: { state: "starting", phase: 0, phases: 2, phaseName: PHASES[0] } });
    phase(0, "started");
    for (const service of services) setState(service, "stopping", "taking it out of the load balancer");
    const found = await boundLoadBalancer({ project, dataRoot: options.dataRoot, containers });
    if (found.bound) {
      const { binding, container, url } = found.bound;
      const removed = new Set(services);
      const nodes = runningNodes({ binding, containers }).filter((n) => !removed.has(n.service));
      const applied = await applyUpstream({ binding, id: container.id, nodes, log: ctx.log });
      result.settings.upstream = applied.text;
      result.settings.drainMs = applied.drainMs;
      // A node answers with its NODE_ID, which the topology and its copies set to the service name.
      const ids = new Set(targets.flatMap((c) => [c.service, c.name]));
      await verifyNoTraffic({ ctx, url, removed: ids, requests: verifyRequests });
    } else ctx.log(`no load balancer to drain from: ${found.reason}`);
    phase(0, "ready");
    ctx.emit({ type: "run_state", run: { state: "starting", phase: 1, phases: 2, phaseName: PHASES[1] } });
    phase(1, "started");
    await Promise.all(
      targets.map(async (c) => {
        setState(c.service, "stopping", "drained; stopping");
        await removeContainer({ id: c.id, stopTimeoutSeconds });
        if (await inspectContainer({ id: c.id }))
          throw new Error(`${c.name} is still there after its removal`);
        const timing = timings.get(c.service);
        if (timing) timing.removedAt = ctx.now();
        setState(c.service, "removed", null);
      }),
    );
    phase(1, "ready");
    ctx.log(`removed ${services.join(", ")} in ${(ctx.now() / 1000).toFixed(1)} s`);
  };
  const settle = () => {
    forget();
    release();
  };
  return { runId, done: settleRun({ ctx, result, untrack, release: settle, work }) };
};

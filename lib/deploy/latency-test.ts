// A latency test run: the load a person picked (bounded), first through the load balancer, then to
// each node directly, one target after another. Only loopback and the cluster's own container
// addresses are ever asked: the targets come from the project's containers, never from the user.
import { randomUUID } from "node:crypto";
import { containerEndpoint } from "@/lib/docker/endpoints";
import { findProjectContainers } from "@/lib/docker/project-objects";
import { AppError } from "@/lib/errors";
import { boundLoadBalancer, runningNodes } from "./load-balancer/bound";
import { runLoad, summarizeLoad, type LatencyTargetResult } from "./load-balancer/load-test";
import { trackRunResult } from "./live-results";
import { newRunResult, settleRun } from "./run-result";
import { acquireProjectLock } from "./lock";
import type { StartedRun } from "./orchestrator";
import { createRunContext, type RunOrigin } from "./run-context";

export type LatencyTestLoad = { requests: number; concurrency: number; durationS: number };

/** What a latency test stores with its run (settings.latencyTest). */
export type LatencyTestReport = LatencyTestLoad & { targets: LatencyTargetResult[] };

export type StartLatencyTestOptions = LatencyTestLoad & {
  project: string;
  runId?: string;
  /** When the request arrived: the run's t=0 (default: now). */
  origin?: RunOrigin;
  dataRoot?: string;
  settings?: Record<string, unknown>;
};

const THROUGH = "Through the load balancer";

/** Starts a latency test and returns at once; throws `conflict` while another run holds the project. */
export const startLatencyTest = (options: StartLatencyTestOptions): StartedRun => {
  const { project, requests, concurrency, durationS } = options;
  const runId = options.runId ?? randomUUID();
  const release = acquireProjectLock({ project, runId, kind: "latency" });
  const ctx = createRunContext({ runId, project, origin: options.origin });
  const load = { requests, concurrency, durationS };
  const result = newRunResult({ ctx, kind: "latency", settings: { ...load, ...options.settings } });
  // Readable while it runs, so the recorder stores it even if the panel stops midway.
  const untrack = trackRunResult(result);
  const work = async (): Promise<void> => {
    const containers = await findProjectContainers({ project });
    const found = await boundLoadBalancer({ project, dataRoot: options.dataRoot, containers });
    if (!found.bound)
      throw new AppError("conflict", `No latency test without the panel's load balancer: ${found.reason}.`);
    const { binding, url } = found.bound;
    const nodes = runningNodes({ binding, containers });
    const direct = await Promise.all(
      nodes.map(async (node) => {
        const container = containers.find((c) => c.service === node.service && c.state === "running");
        return {
          node: node.service,
          url: container ? await containerEndpoint({ id: container.id, port: binding.port }) : null,
        };
      }),
    );
    const targets = [
      { target: binding.service, via: "load-balancer" as const, url, phase: THROUGH },
      ...direct.flatMap((d) =>
        d.url ? [{ target: d.node, via: "direct" as const, url: d.url, phase: `${d.node} directly` }] : [],
      ),
    ];
    result.phases = targets.map((t, index) => ({
      index,
      name: t.phase,
      services: [],
      startedAt: null,
      readyAt: null,
    }));
    ctx.emit({
      type: "run_started",
      kind: "latency",
      strategy: null,
      services: [],
      phases: targets.map((t) => ({ name: t.phase, services: [] })),
    });
    ctx.log(
      `latency test: up to ${requests} requests, ${concurrency} at a time, for at most ${durationS} s, per target`,
    );
    const report: LatencyTestReport = { ...load, targets: [] };
    for (const [index, target] of targets.entries()) {
      const phase = result.phases[index];
      ctx.emit({
        type: "run_state",
        run: { state: "starting", phase: index, phases: targets.length, phaseName: target.phase },
      });
      if (phase) phase.startedAt = ctx.now();
      ctx.emit({ type: "phase", index, name: target.phase, status: "started" });
      const { answers, elapsedMs } = await runLoad({
        url: `${target.url}/api/tags`,
        requests,
        concurrency,
        durationMs: durationS * 1000,
        signal: ctx.signal,
      });
      const summary = summarizeLoad({
        ...target,
        answers,
        elapsedMs,
        nodes: target.via === "load-balancer" ? nodes : [],
      });
      report.targets.push(summary);
      if (target.via === "load-balancer")
        ctx.emit({
          type: "latency",
          latency: {
            service: target.target,
            url: target.url,
            requests: summary.requests,
            failures: summary.errors,
            p50Ms: summary.p50Ms,
            p95Ms: summary.p95Ms,
            maxMs: summary.maxMs,
            meanMs: summary.meanMs,
          },
        });
      ctx.log(
        `${target.phase}: ${summary.requests} requests, ${summary.errors} errors, p50 ${summary.p50Ms} ms, ` +
          `p95 ${summary.p95Ms} ms, p99 ${summary.p99Ms} ms, max ${summary.maxMs} ms` +
          (summary.shares.length
            ? `; served ${summary.shares.map((s) => `${s.node} ${s.sharePct} % (weight ${s.weightSharePct} %)`).join(", ")}`
            : ""),
      );
      if (phase) phase.readyAt = ctx.now();
      ctx.emit({ type: "phase", index, name: target.phase, status: "ready" });
    }
    result.settings.latencyTest = report;
  };
  return { runId, done: settleRun({ ctx, result, untrack, release, work }) };
};

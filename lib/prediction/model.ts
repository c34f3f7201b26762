// Pure: the predicted startup of a plan from per-service start costs. A service starts once every
// gate of its plan step is released (the gated service started, ready or completed) and is ready
// its create → ready time later; the predicted time to ready is the latest ready, and the critical
// path is the chain of gates that decided each start on the way to it. No I/O, no database.
import { NO_HEALTHCHECK_READY_MS } from "@/lib/compose/ready-weights";
import type { Gate, PlanStep } from "@/lib/deploy/plan";
import type { Strategy } from "@/lib/deploy/types";

/** Where a service's cost comes from: the median of stored runs, or its health check's timing when never measured. */
export type EstimateSource = "measured" | "health-check";

/**
 * One service's expected cost: `ms` from its container's create to ready (a one-shot job: to its
 * exit 0); `startedMs` from create to running, which a `started` gate waits for (absent: the
 * smaller of `ms` and the container start cost); `n` the runs the median is taken over (0: never measured).
 */
export type ServiceEstimate = { ms: number; startedMs?: number; source: EstimateSource; n: number };

/** One link of the predicted critical path, in ms since the first container's create. */
export type PredictedLink = { service: string; startMs: number; readyMs: number };

export type PredictStartupOptions = {
  /** The plan's steps (lib/deploy planDeploy): which gates each service waits on. */
  steps: Pick<PlanStep, "service" | "after">[];
  serviceMs: Record<string, ServiceEstimate>;
  strategy: Strategy;
};

export type StartupPrediction = {
  strategy: Strategy;
  /** From the first container's create to the last service ready. */
  predictedMs: number;
  /** First to last: each service's gate that released the next one's start. */
  criticalPath: PredictedLink[];
  /** Every service's predicted start and ready, in plan order. */
  services: (PredictedLink & { source: EstimateSource; n: number })[];
  /** Services no stored run measured: their cost is their health check's timing (see docs/PREDICTION.md). */
  neverMeasured: string[];
};

/** A container without a measurement is taken as running this long after its create (the compose analysis's start cost). */
export const UNMEASURED_START_MS = NO_HEALTHCHECK_READY_MS;

const startedCost = (estimate: ServiceEstimate): number =>
  estimate.startedMs ?? Math.min(estimate.ms, UNMEASURED_START_MS);

/** Predicted time to ready and critical path of a plan, given each service's measured (or fallback) cost. */
export const predictStartup = ({ steps, serviceMs, strategy }: PredictStartupOptions): StartupPrediction => {
  const missing: ServiceEstimate = { ms: UNMEASURED_START_MS, source: "health-check", n: 0 };
  const estimateOf = (service: string): ServiceEstimate => serviceMs[service] ?? missing;
  const known = new Set(steps.map((step) => step.service));
  const times = new Map<string, { startMs: number; readyMs: number; startedMs: number }>();
  /** The step's gate that released it last (null: released at 0). */
  const decidedBy = new Map<string, Gate | null>();

  const releaseOf = (gate: Gate): number | null => {
    const time = times.get(gate.service);
    if (!time) return null;
    return gate.until === "started" ? time.startedMs : time.readyMs;
  };

  // Plans are in dependency order, but a gate may point later (phased, reference gates): repeat until settled.
  const pending = [...steps];
  while (pending.length > 0) {
    const before = pending.length;
    for (let i = 0; i < pending.length;) {
      const step = pending[i] as (typeof pending)[number];
      const gates = step.after.filter((gate) => known.has(gate.service) && gate.service !== step.service);
      const releases = gates.map(releaseOf);
      if (releases.some((release) => release === null)) {
        i += 1;
        continue;
      }
      let startMs = 0;
      let decider: Gate | null = null;
      gates.forEach((gate, index) => {
        const release = releases[index] as number;
        if (decider === null || release > startMs) {
          startMs = release;
          decider = gate;
        }
      });
      const estimate = estimateOf(step.service);
      times.set(step.service, {
        startMs,
        readyMs: startMs + estimate.ms,
        startedMs: startMs + startedCost(estimate),
      });
      decidedBy.set(step.service, decider);
      pending.splice(i, 1);
    }
    if (pending.length === before)
      throw new Error(`The plan's gates form a cycle through ${pending.map((s) => s.service).join(", ")}.`);
  }

  const services = steps.map((step) => {
    const time = times.get(step.service) ?? { startMs: 0, readyMs: 0 };
    const estimate = estimateOf(step.service);
    return {
      service: step.service,
      startMs: time.startMs,
      readyMs: time.readyMs,
      source: estimate.source,
      n: estimate.n,
    };
  });
  // The last ready; on a tie the later step in the plan (it waited longest to start).
  const last = services.reduce<(typeof services)[number] | null>(
    (best, s) => (best === null || s.readyMs >= best.readyMs ? s : best),
    null,
  );
  const criticalPath: PredictedLink[] = [];
  const seen = new Set<string>();
  for (let name = last?.service; name !== undefined && !seen.has(name);) {
    seen.add(name);
    const time = times.get(name);
    if (time) criticalPath.unshift({ service: name, startMs: time.startMs, readyMs: time.readyMs });
    name = decidedBy.get(name)?.service;
  }
  return {
    strategy,
    predictedMs: last?.readyMs ?? 0,
    criticalPath,
    services,
    neverMeasured: services.filter((s) => s.source !== "measured").map((s) => s.service),
  };
};

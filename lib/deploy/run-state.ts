// A run's current state folded from its events: what a browser that joins late is sent first.
import type { DeployEvent, RunState } from "./events";
import { RUN_OUTCOMES } from "@/lib/run-vocabulary";
import type { LatencyResult, RunKind, RunResult, RunStatus, ServiceState, Strategy } from "./types";

export type ServiceSnapshot = {
  state: ServiceState;
  container: string | null;
  detail: string | null;
  dockerHealth: string | null;
  /** ms since run start at which the service entered each state it reached. */
  times: Partial<Record<ServiceState, number>>;
};

export type RunSnapshot = {
  runId: string;
  project: string;
  /** The engine it runs on, as runs store it: an Environment id, null for the panel's own. */
  environmentId: string | null;
  kind: RunKind;
  strategy: Strategy | null;
  startedAt: string;
  run: RunState;
  /** The run's final verdict once reached (the state may move on to tearing_down afterwards). */
  outcome: RunStatus | "interrupted" | null;
  /** ms since the request when every service was ready by its health command (the strategy's readiness). */
  readyAt: number | null;
  phases: { name: string; services: string[]; startedAt: number | null; readyAt: number | null }[];
  services: Record<string, ServiceSnapshot>;
  images: Record<string, Record<string, { status: string; current: number | null; total: number | null }>>;
  /** The most recent log lines of the run (service output and the panel's own lines). */
  logTail: { t: number; service: string | null; stream: string; line: string }[];
  lastT: number;
  result: RunResult | null;
  /** Latency through the load balancer, once measured. */
  latency: LatencyResult | null;
};

/** Log lines a snapshot keeps for late joiners. */
export const SNAPSHOT_LOG_LINES = 200;

const OUTCOMES = new Set<string>(RUN_OUTCOMES);

/** Folds one event into a run's snapshot; the first event (`run_started`) creates it. Pure. */
export const reduceRunState = (
  state: RunSnapshot | undefined,
  event: DeployEvent,
): RunSnapshot | undefined => {
  if (event.type === "run_started") {
    return {
      runId: event.runId,
      project: event.project,
      environmentId: event.environmentId ?? null,
      kind: event.kind,
      strategy: event.strategy,
      startedAt: event.at,
      run: { state: "pending" },
      outcome: null,
      readyAt: null,
      phases: event.phases.map((phase) => ({ ...phase, startedAt: null, readyAt: null })),
      services: Object.fromEntries(
        event.services.map((service) => [
          service,
          {
            state: "waiting",
            container: null,
            detail: null,
            dockerHealth: null,
            times: { waiting: event.t },
          },
        ]),
      ),
      images: {},
      logTail: [],
      lastT: event.t,
      result: null,
      latency: null,
    };
  }
  if (!state || state.runId !== event.runId) return state;
  const next: RunSnapshot = { ...state, lastT: Math.max(state.lastT, event.t) };
  switch (event.type) {
    case "run_state":
      next.run = event.run;
      if (event.run.state === "healthy" && state.readyAt === null) next.readyAt = event.t;
      // A deploy's verdict is its first final state; torn_down after a failure is cleanup, not a verdict.
      if (state.outcome === null && OUTCOMES.has(event.run.state)) {
        if (event.run.state !== "torn_down" || state.kind === "teardown") {
          next.outcome = event.run.state as RunSnapshot["outcome"];
        }
      }
      return next;
    case "phase":
      next.phases = state.phases.map((phase, index) =>
        index !== event.index
          ? phase
          : event.status === "started"
            ? { ...phase, startedAt: event.t }
            : { ...phase, readyAt: event.t },
      );
      return next;
    case "service_state": {
      const previous = state.services[event.service] ?? {
        state: "waiting",
        container: null,
        detail: null,
        dockerHealth: null,
        times: {},
      };
      next.services = {
        ...state.services,
        [event.service]: {
          ...previous,
          state: event.state,
          container: event.container ?? previous.container,
          detail: event.detail,
          times: { ...previous.times, [event.state]: previous.times[event.state] ?? event.t },
        },
      };
      return next;
    }
    case "docker_health": {
      const previous = state.services[event.service];
      if (!previous) return next;
      next.services = { ...state.services, [event.service]: { ...previous, dockerHealth: event.status } };
      return next;
    }
    case "image_progress":
      next.images = {
        ...state.images,
        [event.image]: {
          ...state.images[event.image],
          [event.layer]: { status: event.status, current: event.current, total: event.total },
        },
      };
      return next;
    case "log":
      next.logTail = [
        ...state.logTail,
        { t: event.t, service: event.service, stream: event.stream, line: event.line },
      ].slice(-SNAPSHOT_LOG_LINES);
      return next;
    case "latency":
      next.latency = event.latency;
      return next;
    case "cleanup":
      return next;
    case "run_finished":
      next.result = event.result;
      next.outcome = event.result.status;
      return next;
  }
};

// The typed events a run emits. The same stream feeds socket.io rooms, the recorder and the logs.
import type { PullProgress } from "@/lib/docker/images";
import type {
  CleanupOutcome,
  LatencyResult,
  RunError,
  RunKind,
  RunResult,
  ServiceState,
  Strategy,
} from "./types";

/** State of the run as a whole. */
export type RunState =
  | { state: "pending" }
  | { state: "preparing" }
  | { state: "starting"; phase: number; phases: number; phaseName: string }
  | { state: "healthy" }
  | { state: "failed"; error: RunError }
  | { state: "cancelled" }
  | { state: "tearing_down" }
  | { state: "torn_down" };

/** Carried by every event: `t` is ms since the run started (monotonic), `at` the wall clock. */
export type EventBase = { runId: string; project: string; t: number; at: string };

export type RunStartedEvent = EventBase & {
  type: "run_started";
  /**
   * The engine the run targets, as runs store it: an Environment id, null for the panel's own.
   * Filled in by the run's emitter; absent from events stored before it existed (read: null).
   */
  environmentId?: string | null;
  kind: RunKind;
  strategy: Strategy | null;
  services: string[];
  phases: { name: string; services: string[] }[];
};
export type RunStateEvent = EventBase & { type: "run_state"; run: RunState };
export type PhaseEvent = EventBase & {
  type: "phase";
  index: number;
  name: string;
  status: "started" | "ready";
};
export type ServiceStateEvent = EventBase & {
  type: "service_state";
  service: string;
  state: ServiceState;
  container: string | null;
  detail: string | null;
};
export type DockerHealthEvent = EventBase & { type: "docker_health"; service: string; status: string };
export type ImageProgressEvent = EventBase & { type: "image_progress"; image: string } & PullProgress;
export type LogEvent = EventBase & {
  type: "log";
  /** null: a line from the panel itself (what it is doing). */
  service: string | null;
  stream: "stdout" | "stderr" | "panel";
  line: string;
};
export type RunFinishedEvent = EventBase & { type: "run_finished"; result: RunResult };
/** Request latency through a service's published port, measured once the cluster is ready. */
export type LatencyEvent = EventBase & { type: "latency"; latency: LatencyResult };

/** A failed run's cleanup reached a verdict (may come after run_finished, from the background retry). */
export type CleanupEvent = EventBase & { type: "cleanup"; cleanup: CleanupOutcome };

/** Any event of a deploy or teardown run. */
export type DeployEvent =
  | RunStartedEvent
  | RunStateEvent
  | PhaseEvent
  | ServiceStateEvent
  | DockerHealthEvent
  | ImageProgressEvent
  | LogEvent
  | RunFinishedEvent
  | LatencyEvent
  | CleanupEvent;

/** An event without the fields the run's emitter fills in. */
export type DeployEventInput = DeployEvent extends unknown
  ? DistributiveOmit<DeployEvent, keyof EventBase | "environmentId">
  : never;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

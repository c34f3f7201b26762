// What a run is and what it leaves behind: the result every caller, the recorder and the UI read.

import type {
  DataState,
  FitMode,
  ProbeKind,
  RunKind,
  RunStatus,
  ServiceState,
  Strategy,
} from "@/lib/run-vocabulary";

// The run's choices are defined once, in the kernel (lib/run-vocabulary.ts), and named here too.
export {
  STRATEGIES,
  type DataState,
  type ProbeKind,
  type RunKind,
  type RunStatus,
  type ServiceState,
  type Strategy,
} from "@/lib/run-vocabulary";

/** Names of a run's objects Docker still lists. */
export type RunLeftovers = { containers: string[]; networks: string[]; volumes: string[] };

/**
 * Cleanup after a failure or cancel: "done" only when Docker lists nothing of the run any more;
 * "pending" while the engine does not answer (a retry goes on); "failed" with what Docker still lists.
 */
export type CleanupOutcome = {
  state: "pending" | "done" | "failed";
  leftovers: RunLeftovers;
  /** Why it gave up, when Docker could not say what is left. */
  reason?: string;
};

/** Why a run failed: the service, its last log lines and last health-check output. */
export type RunError = {
  message: string;
  service: string | null;
  logTail: string[];
  healthOutput: string | null;
};

/** Times of one service, in ms since the run started (one monotonic clock); null when not reached. */
export type ServiceTiming = {
  service: string;
  container: string;
  phase: string;
  createdAt: number | null;
  startedAt: number | null;
  runningAt: number | null;
  /** When the panel's own probe (the service's health test via exec) first passed, or running without a check. */
  readyAt: number | null;
  /** When Docker itself first reported the container healthy. */
  dockerHealthyAt: number | null;
  /** Teardown: when the container was gone. */
  removedAt: number | null;
  state: ServiceState;
  /** Docker's own clock: when its events said created, started, healthy, died (ms since the run started). */
  engine?: EngineMarks | null;
  /** How readiness was probed (see lib/deploy/probe-kind.ts). */
  probeKind?: ProbeKind | null;
};

/** Docker's event timestamps of one container, in ms since the run started. */
export type EngineMarks = {
  createdAt: number | null;
  startedAt: number | null;
  healthyAt: number | null;
  diedAt: number | null;
};

/** Times of one phase, in ms since the run started. */
export type PhaseTiming = {
  index: number;
  name: string;
  services: string[];
  startedAt: number | null;
  readyAt: number | null;
};

/** Everything a finished run measured. */
export type RunResult = {
  runId: string;
  kind: RunKind;
  project: string;
  strategy: Strategy | null;
  status: RunStatus;
  /** Wall clock of the run's start (ISO 8601). */
  startedAt: string;
  /** ms from start until the run reached its final status (before any cleanup). */
  totalMs: number;
  /** ms spent cleaning up after a failure or cancel (null when nothing was cleaned). */
  cleanupMs: number | null;
  services: ServiceTiming[];
  phases: PhaseTiming[];
  error: RunError | null;
  /** The fit-to-host scale the caller applied to the topology, if any. */
  fitScale: { cpu: number; memory: number } | null;
  topologyHash: string | null;
  /** The cleanup of a failed or cancelled run (null: none was needed or asked). */
  cleanup?: CleanupOutcome | null;
  /** What the run created and (after cleanup) whether it was removed. */
  created: { containers: string[]; networks: string[]; volumes: string[] };
  settings: Record<string, unknown>;
  /** Fit mode, data state and image IDs the run deployed under (absent or null: teardown, older callers). */
  conditions?: RunConditions | null;
  /** Absent for teardowns. */
  clocks?: RunClocks;
};

/** Latency of sequential requests to one URL (ms), after a few warm-up requests. */
export type LatencyResult = {
  service: string;
  url: string;
  requests: number;
  failures: number;
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
  meanMs: number | null;
};

/** Whether one data holder had data before the run: warm (it existed and held files) or cold. */
export type DataItem = {
  kind: "volume" | "folder";
  /** The volume's Docker name, or the folder relative to the topology's folder. */
  name: string;
  /** Services that mount it. */
  services: string[];
  state: "cold" | "warm";
  /** Why: "did not exist", "empty", "held 12 entries", "existed (contents not readable)". */
  detail: string;
};

/** What the run's numbers depend on besides the topology and strategy, stored to compare fairly. */
export type RunConditions = {
  fitMode: FitMode;
  /** Each limit the fit changed: written, applied, why. */
  fitChanges: {
    service: string;
    field: string;
    written: number | null;
    applied: number | null;
    why: string;
  }[];
  freshData: boolean;
  dataState: DataState;
  data: DataItem[];
  /** Image reference → image ID (sha256) at deploy time, filled once the images are present. */
  imageIds: Record<string, string | null>;
};

/**
 * The run's three clocks, in ms since the request: first container created (preparation), all
 * services ready by their health commands (the strategy's readiness), all healthy by Docker.
 */
export type RunClocks = {
  preparationMs: number | null;
  readyMs: number | null;
  dockerHealthyMs: number | null;
};

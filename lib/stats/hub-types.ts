// The stats hub's surface: what a watcher asks for and what the hub answers (hub.ts builds it).
import type Docker from "dockerode";
import type { StatsBatch, StatsHistory } from "./series";

/** Who holds a watch: a browser, a recording run, or the resource history (every 10 s). */
export type WatchReason = "viewer" | "run" | "history";

export type StatsHubOptions = {
  /** How long collectors outlive the last viewer or run (ms). */
  graceMs?: number;
  /** Default batch period (ms): one `StatsBatch` per project per period unless a watcher asks faster. */
  tickMs?: number;
  /** Read containers from their cgroups when the engine is local ("auto"), or always from Docker ("docker"). */
  source?: "auto" | "docker";
  /** Ticks kept per project for late joiners. */
  windowPoints?: number;
  /** Wait before reconnecting Docker's event stream (ms). */
  retryMs?: number;
  docker?: Docker;
};

export type StatsHubCounts = {
  projects: string[];
  collectors: number;
  openStreams: number;
  /** Containers read from their cgroups. */
  kernelContainers: number;
  eventStreams: number;
  /** The one timer's period (ms), null when it is stopped. */
  tickMs: number | null;
};

/** The fastest a watcher may ask for: 4 readings a second (a deploy in progress). */
export const MIN_STATS_INTERVAL_MS = 250;

export type WatchProjectOptions = {
  project: string;
  reason: WatchReason;
  /**
   * The period this watcher wants (ms, at least MIN_STATS_INTERVAL_MS); the hub's default otherwise.
   * The project is read at the fastest period any of its watchers wants (a slower one alone, slower).
   */
  intervalMs?: number;
};

export type StatsHub = {
  /** Collects `project` until the returned function is called (idempotent). */
  watchProject: (options: WatchProjectOptions) => () => void;
  /** The recent window of a project (empty if nobody watches it). */
  history: (project: string) => StatsHistory;
  /** Every batch of every watched project; returns the unsubscribe function. */
  onBatch: (listener: (batch: StatsBatch) => void) => () => void;
  /** What is open right now — the proof nothing leaks. */
  counts: () => StatsHubCounts;
  /** Whether containers can be read from the kernel here, and why not (null until first needed). */
  kernel: () => { available: boolean; reason: string | null } | null;
  /** Stops everything at once (shutdown, tests). */
  close: () => void;
};

// One shared stats collector per host (the Dozzle answer to the daemon's cost of stats): a project's
// containers are streamed only while a browser watches `stats:<project>` or a run records it, and a
// grace period after the last one leaves. Containers come and go with Docker's events.
import type Docker from "dockerode";
import { getDocker } from "@/lib/docker/client";
import { LABEL, projectFilter } from "@/lib/docker/labels";
import { watchContainerEvents } from "@/lib/docker/docker-events";
import { hasCpuBaseline, hasReading, toSample, type ContainerSample } from "@/lib/docker/stats";
import { createRing, type Ring } from "@/lib/docker/stats-ring";
import { openStatsStream } from "@/lib/docker/stats-stream";
import { globalSingleton } from "@/lib/global-singleton";
import {
  historyFromBatches,
  STATS_WINDOW_POINTS,
  totalsOf,
  type StatsBatch,
  type StatsHistory,
} from "./stats-series";

// Kept as exports: the stats tests and the benchmark label their containers with it.
export const PROJECT_LABEL = LABEL.project;

export type WatchReason = "viewer" | "run";

export type StatsHubOptions = {
  /** How long collectors outlive the last viewer or run (ms). */
  graceMs?: number;
  /** Batch period (ms): one `StatsBatch` per project per tick. */
  tickMs?: number;
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
  eventStreams: number;
};

export type StatsHub = {
  /** Collects `project` until the returned function is called (idempotent). */
  watchProject: (options: { project: string; reason: WatchReason }) => () => void;
  /** The recent window of a project (empty if nobody watches it). */
  history: (project: string) => StatsHistory;
  /** Every batch of every watched project; returns the unsubscribe function. */
  onBatch: (listener: (batch: StatsBatch) => void) => () => void;
  /** What is open right now — the proof nothing leaks. */
  counts: () => StatsHubCounts;
  /** Stops everything at once (shutdown, tests). */
  close: () => void;
};

type Collector = { close: () => void; previous: ContainerSample | null };
type ProjectState = {
  holders: Map<symbol, WatchReason>;
  grace: NodeJS.Timeout | null;
  collectors: Map<string, Collector>;
  pending: Map<string, ContainerSample>;
  ring: Ring<StatsBatch>;
};

/** A hub with its own collectors; the panel uses the process-wide one from `getStatsHub`. */
export const createStatsHub = (options: StatsHubOptions = {}): StatsHub => {
  const {
    graceMs = 30_000,
    tickMs = 1000,
    windowPoints = STATS_WINDOW_POINTS,
    retryMs = 2000,
    docker = getDocker(),
  } = options;
  const projects = new Map<string, ProjectState>();
  const listeners = new Set<(batch: StatsBatch) => void>();
  let openStreams = 0;
  let events: { stop: () => void } | null = null;
  let ticker: NodeJS.Timeout | null = null;

  const startCollector = (state: ProjectState, containerId: string, name: string, service: string): void => {
    if (state.collectors.has(containerId)) return;
    openStreams += 1; // counted from the request on, so a stream still being opened is not missed
    const collector: Collector = {
      previous: null,
      close: () => undefined,
    };
    const stream = openStatsStream({
      containerId,
      docker,
      onPayload: (payload) => {
        // A zero reading means the container is not running; Docker would keep this stream open forever.
        if (!hasReading(payload)) return stopCollector(state, containerId, collector);
        const sample = toSample({ payload, previous: collector.previous, containerId, name, service });
        collector.previous = sample;
        if (hasCpuBaseline(payload)) state.pending.set(containerId, sample);
      },
      onClosed: () => {
        openStreams -= 1;
        if (state.collectors.get(containerId) === collector) state.collectors.delete(containerId);
      },
    });
    collector.close = stream.close;
    state.collectors.set(containerId, collector);
  };

  const stopCollector = (state: ProjectState, containerId: string, only?: Collector): void => {
    const collector = state.collectors.get(containerId);
    if (!collector || (only && collector !== only)) return;
    collector.close();
    state.collectors.delete(containerId);
    state.pending.delete(containerId);
  };

  // Lists the project's running containers: starts what is missing, stops what is gone.
  const reconcile = async (project: string): Promise<void> => {
    // Only collectors that existed before the list was asked for may be stopped for missing from
    // it: one started by an event meanwhile belongs to a container the (older) list cannot show.
    const before = new Set(projects.get(project)?.collectors.values());
    const running = await docker
      .listContainers({ filters: { ...projectFilter(project), status: ["running"] } })
      .catch(() => null);
    const state = projects.get(project);
    if (!running || !state) return;
    const ids = new Set(running.map((c) => c.Id));
    for (const [id, collector] of [...state.collectors])
      if (!ids.has(id) && before.has(collector)) stopCollector(state, id, collector);
    for (const c of running) {
      const name = (c.Names[0] ?? c.Id.slice(0, 12)).replace(/^\//, "");
      startCollector(state, c.Id, name, c.Labels[LABEL.service] ?? name);
    }
  };

  const tick = (): void => {
    const t = Date.now();
    for (const [project, state] of projects) {
      if (state.pending.size === 0) continue;
      const samples = [...state.pending.values()];
      state.pending.clear();
      const batch: StatsBatch = { project, t, samples, totals: totalsOf(samples) };
      state.ring.push(batch);
      for (const listener of listeners) {
        try {
          listener(batch);
        } catch (error) {
          console.error(`stats listener failed for ${project}:`, error); // one bad subscriber must not stop the others
        }
      }
    }
  };

  const ensureRunning = (): void => {
    ticker ??= setInterval(tick, tickMs);
    events ??= watchContainerEvents({
      label: PROJECT_LABEL,
      docker,
      retryMs,
      onConnect: () => {
        for (const project of projects.keys()) void reconcile(project);
      },
      onEvent: ({ action, containerId, attributes }) => {
        const state = projects.get(attributes[PROJECT_LABEL] ?? "");
        if (!state) return;
        if (action !== "start") return stopCollector(state, containerId);
        const name = attributes.name ?? containerId.slice(0, 12);
        startCollector(state, containerId, name, attributes[LABEL.service] ?? name);
      },
    });
  };

  const stopProject = (project: string): void => {
    const state = projects.get(project);
    if (!state) return;
    if (state.grace) clearTimeout(state.grace);
    for (const id of [...state.collectors.keys()]) stopCollector(state, id);
    projects.delete(project);
    if (projects.size > 0) return;
    if (ticker) clearInterval(ticker);
    ticker = null;
    events?.stop();
    events = null;
  };

  const watchProject = ({ project, reason }: { project: string; reason: WatchReason }): (() => void) => {
    let state = projects.get(project);
    if (!state) {
      state = {
        holders: new Map(),
        grace: null,
        collectors: new Map(),
        pending: new Map(),
        ring: createRing(windowPoints),
      };
      projects.set(project, state);
      const connected = events !== null;
      ensureRunning();
      if (connected) void reconcile(project); // otherwise the event stream's onConnect does it
    }
    if (state.grace) clearTimeout(state.grace);
    state.grace = null;
    const holder = Symbol(reason);
    state.holders.set(holder, reason);
    const held = state;
    return () => {
      if (!held.holders.delete(holder) || held.holders.size > 0 || projects.get(project) !== held) return;
      held.grace = setTimeout(() => stopProject(project), graceMs);
    };
  };

  return {
    watchProject,
    history: (project) =>
      historyFromBatches(project, projects.get(project)?.ring.toArray() ?? [], windowPoints),
    onBatch: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    counts: () => ({
      projects: [...projects.keys()],
      collectors: [...projects.values()].reduce((n, s) => n + s.collectors.size, 0),
      openStreams,
      eventStreams: events ? 1 : 0,
    }),
    close: () => {
      for (const project of [...projects.keys()]) stopProject(project);
      listeners.clear();
    },
  };
};

/** The process-wide hub (one per host, whichever module graph asks). */
export const getStatsHub = (): StatsHub => globalSingleton("stats-hub", () => createStatsHub());

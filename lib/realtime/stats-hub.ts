// One shared stats collector per host: a project's containers are collected only while a browser
// watches `stats:<project>` or a run records it, and a grace period after the last one leaves.
// Containers come and go with Docker's events. On the engine's host each container is read from its
// cgroup on one timer for all (lib/stats); elsewhere, or when its cgroup cannot be read, from
// Docker's stats stream.
import { currentEngine, getDocker, getLocalDocker, LOCAL_ENVIRONMENT_ID } from "@/lib/docker/client";
import { LABEL, projectFilter, serviceLabelOf } from "@/lib/docker/labels";
import { watchContainerEvents } from "@/lib/docker/docker-events";
import type { ContainerSample } from "@/lib/docker/stats";
import { createRing, type Ring } from "@/lib/docker/stats-ring";
import { globalSingleton } from "@/lib/global-singleton";
import {
  kernelAccessFor,
  startContainerCollector,
  type ContainerCollector,
  type KernelAccess,
} from "@/lib/stats/stats-source";
import { historyFromBatches, sourceOf, STATS_WINDOW_POINTS, totalsOf, type StatsBatch } from "./stats-series";

// Kept as exports: the stats tests and the benchmark label their containers with it.
export const PROJECT_LABEL = LABEL.project;

export {
  MIN_STATS_INTERVAL_MS,
  type StatsHub,
  type StatsHubCounts,
  type StatsHubOptions,
  type WatchProjectOptions,
  type WatchReason,
} from "./stats-hub-types";
import {
  MIN_STATS_INTERVAL_MS,
  type StatsHub,
  type StatsHubOptions,
  type WatchProjectOptions,
  type WatchReason,
} from "./stats-hub-types";

type Holder = { reason: WatchReason; intervalMs: number };
type ProjectState = {
  holders: Map<symbol, Holder>;
  grace: NodeJS.Timeout | null;
  collectors: Map<string, ContainerCollector>;
  /** Docker streams' samples since the last batch (kernel samples are read when the batch is due). */
  pending: Map<string, ContainerSample>;
  ring: Ring<StatsBatch>;
  intervalMs: number;
  lastBatchAt: number;
};

/** A hub with its own collectors; the panel uses the process-wide one from `getStatsHub`. */
export const createStatsHub = (options: StatsHubOptions = {}): StatsHub => {
  const {
    graceMs = 30_000,
    tickMs = 1000,
    windowPoints = STATS_WINDOW_POINTS,
    retryMs = 2000,
    docker = getDocker(),
    source = "auto",
  } = options;
  const projects = new Map<string, ProjectState>();
  const listeners = new Set<(batch: StatsBatch) => void>();
  let openStreams = 0;
  let events: { stop: () => void } | null = null;
  let ticker: { timer: NodeJS.Timeout; periodMs: number } | null = null;
  let kernel: KernelAccess | null = null; // found when first needed, kept for the hub's life
  const kernelReader = () => {
    if (source === "docker") return null;
    kernel ??= kernelAccessFor(docker);
    return kernel.reader;
  };

  const stopCollector = (state: ProjectState, containerId: string, only?: ContainerCollector): void => {
    const collector = state.collectors.get(containerId);
    if (!collector || (only && collector !== only)) return;
    collector.close();
    state.collectors.delete(containerId);
    state.pending.delete(containerId);
  };

  const startCollector = (state: ProjectState, containerId: string, name: string, service: string): void => {
    if (state.collectors.has(containerId)) return;
    const collector: ContainerCollector = startContainerCollector({
      docker,
      kernel: kernelReader(),
      container: { containerId, name, service },
      onSample: (sample) => void state.pending.set(containerId, sample),
      onClosed: () => stopCollector(state, containerId, collector),
      onStream: (delta) => void (openStreams += delta),
    });
    state.collectors.set(containerId, collector);
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
      startCollector(state, c.Id, name, serviceLabelOf(c.Labels) ?? name);
    }
  };

  const emit = (batch: StatsBatch): void => {
    for (const listener of listeners) {
      try {
        listener(batch);
      } catch (error) {
        console.error(`stats listener failed for ${batch.project}:`, error); // one bad subscriber must not stop the others
      }
    }
  };

  // Docker's streams push about once a second: a project with any of them batches no faster, so
  // each batch holds every container.
  const periodOf = (s: ProjectState): number =>
    [...s.collectors.values()].some((c) => c.source === "docker")
      ? Math.max(s.intervalMs, tickMs)
      : s.intervalMs;

  // One timer for every watched container: the projects that are due get their kernel containers
  // read (one /proc/stat read for all) and one batch each with Docker's samples since the last.
  const tick = (): void => {
    const t = Date.now();
    const slackMs = (ticker?.periodMs ?? tickMs) / 2;
    const due = [...projects].filter(([, s]) => t - s.lastBatchAt >= periodOf(s) - slackMs);
    const reader = kernel?.reader ?? null;
    if (reader && reader.size() > 0) {
      const stateOf = new Map<string, ProjectState>();
      for (const [, s] of due)
        for (const [id, c] of s.collectors) if (c.source === "kernel") stateOf.set(id, s);
      const { samples, gone } = reader.read(stateOf.keys());
      for (const sample of samples) stateOf.get(sample.containerId)?.pending.set(sample.containerId, sample);
      // Gone: it stopped or restarted; the list finds it again if it runs.
      for (const id of gone) if (stateOf.has(id)) stopCollector(stateOf.get(id)!, id);
      for (const [project, s] of due) if (gone.some((id) => stateOf.get(id) === s)) void reconcile(project);
    }
    for (const [project, state] of due) {
      state.lastBatchAt = t;
      if (state.pending.size === 0) continue;
      const samples = [...state.pending.values()];
      state.pending.clear();
      const batch: StatsBatch = {
        project,
        t,
        samples,
        totals: totalsOf(samples),
        source: sourceOf(samples) ?? "docker",
        intervalMs: periodOf(state),
      };
      state.ring.push(batch);
      emit(batch);
    }
  };

  // The timer runs at the fastest period any project asks for; a slower project skips ticks.
  const retime = (): void => {
    const periodMs = Math.min(...[...projects.values()].map((s) => s.intervalMs));
    if (!Number.isFinite(periodMs)) {
      if (ticker) clearInterval(ticker.timer);
      ticker = null;
      return;
    }
    if (ticker?.periodMs === periodMs) return;
    if (ticker) clearInterval(ticker.timer);
    ticker = { timer: setInterval(tick, periodMs), periodMs };
  };

  const ensureEvents = (): void => {
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
        startCollector(state, containerId, name, serviceLabelOf(attributes) ?? name);
      },
    });
  };

  const stopProject = (project: string): void => {
    const state = projects.get(project);
    if (!state) return;
    if (state.grace) clearTimeout(state.grace);
    for (const id of [...state.collectors.keys()]) stopCollector(state, id);
    projects.delete(project);
    retime();
    if (projects.size > 0) return;
    events?.stop();
    events = null;
  };

  // The fastest watcher's period: the resource history alone (every 10 s) does not read every second.
  const intervalOf = (holders: Map<symbol, Holder>): number =>
    holders.size === 0 ? tickMs : Math.min(...[...holders.values()].map((h) => h.intervalMs));

  const watchProject = ({ project, reason, intervalMs = tickMs }: WatchProjectOptions): (() => void) => {
    let state = projects.get(project);
    const isNew = !state;
    if (!state) {
      state = {
        holders: new Map(),
        grace: null,
        collectors: new Map(),
        pending: new Map(),
        ring: createRing(windowPoints),
        intervalMs: tickMs,
        lastBatchAt: 0,
      };
      projects.set(project, state);
    }
    if (state.grace) clearTimeout(state.grace);
    state.grace = null;
    const holder = Symbol(reason);
    state.holders.set(holder, { reason, intervalMs: Math.max(MIN_STATS_INTERVAL_MS, intervalMs) });
    state.intervalMs = intervalOf(state.holders);
    retime();
    if (isNew) {
      const connected = events !== null;
      ensureEvents();
      if (connected) void reconcile(project); // otherwise the event stream's onConnect does it
    }
    const held = state;
    return () => {
      if (!held.holders.delete(holder) || projects.get(project) !== held) return;
      if (held.holders.size > 0) {
        held.intervalMs = intervalOf(held.holders);
        return retime();
      }
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
      kernelContainers: kernel?.reader?.size() ?? 0,
      eventStreams: events ? 1 : 0,
      tickMs: ticker?.periodMs ?? null,
    }),
    kernel: () =>
      kernel === null
        ? null
        : { available: kernel.reader !== null, reason: kernel.reader ? null : kernel.unavailable },
    close: () => {
      for (const project of [...projects.keys()]) stopProject(project);
      listeners.clear();
    },
  };
};

type HubRegistry = {
  /** environment id → its hub (the local engine's included). */
  hubs: Map<string, StatsHub>;
  onCreated: Set<(environmentId: string, hub: StatsHub) => void>;
};
const hubRegistry = (): HubRegistry =>
  globalSingleton("stats-hubs", () => ({ hubs: new Map(), onCreated: new Set() }));

/**
 * The process-wide hub of the caller's engine (lib/docker/client.ts's engine scope): one per
 * environment, whichever module graph asks. A project of one name may run on two engines.
 */
export const getStatsHub = (): StatsHub => {
  const scope = currentEngine();
  const registry = hubRegistry();
  const existing = registry.hubs.get(scope.environmentId);
  if (existing) return existing;
  const hub =
    scope.environmentId === LOCAL_ENVIRONMENT_ID
      ? globalSingleton("stats-hub", () => createStatsHub({ docker: getLocalDocker() }))
      : createStatsHub({ docker: scope.docker });
  registry.hubs.set(scope.environmentId, hub);
  for (const listener of registry.onCreated) listener(scope.environmentId, hub);
  return hub;
};

/** Calls `listener` for every hub there is and every one created later; returns an undo. */
export const forEachStatsHub = (listener: (environmentId: string, hub: StatsHub) => void): (() => void) => {
  const registry = hubRegistry();
  for (const [id, hub] of registry.hubs) listener(id, hub);
  registry.onCreated.add(listener);
  return () => void registry.onCreated.delete(listener);
};

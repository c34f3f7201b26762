// One shared stats collector per host: a project's containers are collected only while a browser
// watches `stats:<project>` or a run records it, and a grace period after the last one leaves.
// Containers come and go with Docker's events. On the engine's host each container is read from its
// cgroup on one timer for all (lib/stats); elsewhere, or when its cgroup cannot be read, from
// Docker's stats stream.
import { currentEngine, getDocker, getLocalDocker, LOCAL_ENVIRONMENT_ID } from "@/lib/docker/client";
import { LABEL, serviceLabelOf } from "@/lib/docker/labels";
import { watchContainerEvents } from "@/lib/docker/docker-events";
import { globalSingleton } from "@/lib/global-singleton";
import { createHubCollectors } from "./hub-collectors";
import { intervalOf, newProjectState, tickProjects, type ProjectState } from "./hub-project";
import { historyFromBatches, STATS_WINDOW_POINTS, type StatsBatch } from "./series";

// Kept as exports: the stats tests and the benchmark label their containers with it.
export const PROJECT_LABEL = LABEL.project;

export {
  MIN_STATS_INTERVAL_MS,
  type StatsHub,
  type StatsHubCounts,
  type StatsHubOptions,
  type WatchProjectOptions,
  type WatchReason,
} from "./hub-types";
import {
  MIN_STATS_INTERVAL_MS,
  type StatsHub,
  type StatsHubOptions,
  type WatchProjectOptions,
} from "./hub-types";

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
  const collectors = createHubCollectors({ docker, source, stateOf: (project) => projects.get(project) });
  let events: { stop: () => void } | null = null;
  let ticker: { timer: NodeJS.Timeout; periodMs: number } | null = null;

  const emit = (batch: StatsBatch): void => {
    for (const listener of listeners) {
      try {
        listener(batch);
      } catch (error) {
        console.error(`stats listener failed for ${batch.project}:`, error); // one bad subscriber must not stop the others
      }
    }
  };

  const tick = (): void => {
    const { batches, relist } = tickProjects({
      projects,
      reader: collectors.kernel()?.reader ?? null,
      now: Date.now(),
      timerMs: ticker?.periodMs ?? tickMs,
      tickMs,
      stopCollector: (state, id) => collectors.stop(state, id),
    });
    for (const project of relist) void collectors.reconcile(project);
    for (const batch of batches) emit(batch);
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
        for (const project of projects.keys()) void collectors.reconcile(project);
      },
      onEvent: ({ action, containerId, attributes }) => {
        const state = projects.get(attributes[PROJECT_LABEL] ?? "");
        if (!state) return;
        if (action !== "start") return collectors.stop(state, containerId);
        const name = attributes.name ?? containerId.slice(0, 12);
        collectors.start(state, { containerId, name, service: serviceLabelOf(attributes) ?? name });
      },
    });
  };

  const stopProject = (project: string): void => {
    const state = projects.get(project);
    if (!state) return;
    if (state.grace) clearTimeout(state.grace);
    for (const id of [...state.collectors.keys()]) collectors.stop(state, id);
    projects.delete(project);
    retime();
    if (projects.size > 0) return;
    events?.stop();
    events = null;
  };

  const watchProject = ({ project, reason, intervalMs = tickMs }: WatchProjectOptions): (() => void) => {
    const isNew = !projects.has(project);
    const state = projects.get(project) ?? newProjectState({ windowPoints, tickMs });
    projects.set(project, state);
    if (state.grace) clearTimeout(state.grace);
    state.grace = null;
    const holder = Symbol(reason);
    state.holders.set(holder, { reason, intervalMs: Math.max(MIN_STATS_INTERVAL_MS, intervalMs) });
    state.intervalMs = intervalOf(state.holders, tickMs);
    retime();
    if (isNew) {
      const connected = events !== null;
      ensureEvents();
      if (connected) void collectors.reconcile(project); // otherwise the event stream's onConnect does it
    }
    return () => {
      if (!state.holders.delete(holder) || projects.get(project) !== state) return;
      if (state.holders.size > 0) {
        state.intervalMs = intervalOf(state.holders, tickMs);
        return retime();
      }
      state.grace = setTimeout(() => stopProject(project), graceMs);
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
      openStreams: collectors.openStreams(),
      kernelContainers: collectors.kernel()?.reader?.size() ?? 0,
      eventStreams: events ? 1 : 0,
      tickMs: ticker?.periodMs ?? null,
    }),
    kernel: () => {
      const kernel = collectors.kernel();
      return kernel === null
        ? null
        : { available: kernel.reader !== null, reason: kernel.reader ? null : kernel.unavailable };
    },
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

// The resource history (docs/HISTORY.md): while any of the panel's clusters runs on an engine the
// panel knows (its own, or an added environment's), that engine's stats hub (the live charts' own
// readers) watches it every 10 s; the newest sample of each container is written once per tick in
// one transaction, each row naming its engine. One recorder per engine: the panel's own from boot,
// an environment's from boot or when it is added until it is removed (lib/operations). The panel's
// own recorder also runs the maintenance pass (roll-ups, retention) over every engine's rows.
import type Docker from "dockerode";
import { readSettings } from "@/lib/db/settings";
import { maintainStatsHistory, writeStatRows, type StatRow } from "@/lib/db/stats-history";
import {
  getLocalDocker,
  LOCAL_ENVIRONMENT_ID,
  localEngineScope,
  storedEnvironmentId,
  withEngine,
  type EngineScope,
} from "@/lib/docker/client";
import { watchContainerEvents } from "@/lib/docker/docker-events";
import { LABEL } from "@/lib/docker/labels";
import type { ContainerSample } from "@/lib/stats/sample";
import { globalSingleton } from "@/lib/global-singleton";
import { createStatsHub, getStatsHub, type StatsHub } from "@/lib/stats/hub";

/** One reading per container this often (ms). */
export const HISTORY_PERIOD_MS = 10_000;
const MAINTENANCE_MS = 60_000;
/** Container events arrive in bursts (a deploy starts many): one list after the burst. */
const RECONCILE_DEBOUNCE_MS = 1_000;
/**
 * How soon the event stream of an added environment's engine is opened again after it broke: a
 * down engine is not asked every 2 s (for an ssh engine each try is an ssh connection).
 */
const REMOTE_EVENTS_RETRY_MS = 15_000;

export type StatsHistoryOptions = {
  periodMs?: number;
  /** How often the roll-up and retention pass runs (ms); 0: never (another recorder runs it). */
  maintenanceMs?: number;
  /** The engine the rows are stored for (an Environment id); null: the panel's own. */
  environment?: string | null;
  docker?: Docker;
  /** The hub to read through (the local engine's shared one by default). */
  hub?: StatsHub;
  onError?: (error: unknown) => void;
};

export type StatsHistoryRecorder = {
  /** The projects recorded now. */
  projects: () => string[];
  /** Writes what is pending now (tests, shutdown). */
  flush: () => Promise<void>;
  stop: () => void;
};

/** The stored row of one live sample of a project on an engine (null: the panel's own). */
export const rowOf = (environment: string | null, project: string, sample: ContainerSample): StatRow => ({
  environment,
  project,
  service: sample.service,
  container: sample.name,
  t: sample.t,
  resolutionS: 10,
  cpuPercent: sample.cpuPercent,
  memoryUsedBytes: sample.memoryUsedBytes,
  memoryLimitBytes: sample.memoryLimitBytes,
  netRxBytes: sample.netRxBytes,
  netTxBytes: sample.netTxBytes,
  blockReadBytes: sample.blockReadBytes,
  blockWriteBytes: sample.blockWriteBytes,
});

/** Records the panel's running clusters until `stop`; see the file's comment. */
export const createStatsHistoryRecorder = (options: StatsHistoryOptions = {}): StatsHistoryRecorder => {
  const {
    periodMs = HISTORY_PERIOD_MS,
    maintenanceMs = MAINTENANCE_MS,
    docker = getLocalDocker(),
    environment = null,
    onError = (error: unknown) => console.error("resource history:", error),
  } = options;
  const hub = options.hub ?? createStatsHub({ docker });
  const watched = new Map<string, () => void>();
  /** project → container name → its newest sample since the last write. */
  const pending = new Map<string, Map<string, ContainerSample>>();
  let stopped = false;

  const reconcile = async (): Promise<void> => {
    const running = await docker
      .listContainers({ filters: { label: [`${LABEL.managed}=true`, LABEL.project], status: ["running"] } })
      .catch((error: unknown) => (onError(error), null));
    if (!running || stopped) return;
    const projects = new Set(running.map((c) => c.Labels[LABEL.project]).filter((p): p is string => !!p));
    for (const [project, release] of watched)
      if (!projects.has(project)) {
        release();
        watched.delete(project);
      }
    for (const project of projects)
      if (!watched.has(project))
        watched.set(project, hub.watchProject({ project, reason: "history", intervalMs: periodMs }));
  };
  let debounce: NodeJS.Timeout | null = null;
  const reconcileSoon = (): void => {
    if (debounce) clearTimeout(debounce);
    debounce = setTimeout(() => void reconcile(), RECONCILE_DEBOUNCE_MS);
  };

  const unsubscribe = hub.onBatch((batch) => {
    if (!watched.has(batch.project)) return;
    const latest = pending.get(batch.project) ?? new Map<string, ContainerSample>();
    for (const sample of batch.samples) latest.set(sample.name, sample);
    pending.set(batch.project, latest);
  });

  // Writes never overlap: a slow disk delays the next tick's rows, it does not pile up transactions.
  let writing: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    const rows = [...pending].flatMap(([project, latest]) =>
      [...latest.values()].map((s) => rowOf(environment, project, s)),
    );
    pending.clear();
    writing = writing.then(() => writeStatRows(rows)).catch(onError);
    return writing;
  };

  let maintaining = false;
  const maintain = async (): Promise<void> => {
    if (maintaining) return;
    maintaining = true;
    try {
      const { statsHistoryRetentionDays } = await readSettings();
      await maintainStatsHistory({ nowMs: Date.now(), retentionDays: statsHistoryRetentionDays });
    } catch (error) {
      onError(error);
    } finally {
      maintaining = false;
    }
  };

  const events = watchContainerEvents({
    label: `${LABEL.managed}=true`,
    docker,
    ...(environment === null ? {} : { retryMs: REMOTE_EVENTS_RETRY_MS }),
    onConnect: () => void reconcile(),
    onEvent: reconcileSoon,
  });
  const writer = setInterval(() => void flush(), periodMs);
  const maintainer = maintenanceMs > 0 ? setInterval(() => void maintain(), maintenanceMs) : null;
  writer.unref();
  maintainer?.unref();

  return {
    projects: () => [...watched.keys()],
    flush,
    stop: () => {
      stopped = true;
      events.stop();
      if (debounce) clearTimeout(debounce);
      clearInterval(writer);
      if (maintainer) clearInterval(maintainer);
      unsubscribe();
      for (const release of watched.values()) release();
      watched.clear();
      if (!options.hub) hub.close();
    },
  };
};

/** engine scope id → its running recorder, one per process. */
const recorders = (): Map<string, StatsHistoryRecorder> =>
  globalSingleton("stats-history-recorders", () => new Map<string, StatsHistoryRecorder>());

/**
 * Records an engine's clusters (the panel's own by default) over its shared stats hub, unless they
 * are recorded already; answers the running recorder. Only the panel's own runs the maintenance.
 */
export const startStatsHistory = (scope: EngineScope = localEngineScope()): StatsHistoryRecorder => {
  const running = recorders().get(scope.environmentId);
  if (running) return running;
  const environment = storedEnvironmentId(scope);
  const recorder = createStatsHistoryRecorder({
    hub: withEngine(scope, getStatsHub),
    docker: scope.docker,
    environment,
    ...(environment === null ? {} : { maintenanceMs: 0 }),
    onError: (error: unknown) =>
      console.error(`resource history (${environment === null ? "local" : scope.environmentName}):`, error),
  });
  recorders().set(scope.environmentId, recorder);
  return recorder;
};

/** Stops an engine's recorder (its environment was removed); its stored rows stay for their retention. */
export const stopStatsHistory = (environmentId: string): void => {
  recorders().get(environmentId)?.stop();
  recorders().delete(environmentId);
};

/** The engines recorded now (null: the panel's own). */
export const recordedEnvironments = (): (string | null)[] =>
  [...recorders().keys()].map((id) => (id === LOCAL_ENVIRONMENT_ID ? null : id));

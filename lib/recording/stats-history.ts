// The resource history (docs/HISTORY.md): while any of the panel's clusters runs on the local engine,
// the stats hub (the live charts' own readers) watches it every 10 s; the newest sample of each
// container is written once per tick in one transaction, and a maintenance pass rolls up and
// deletes past the admin's retention every minute. Started once by server.ts.
import type Docker from "dockerode";
import { readSettings } from "@/lib/db/settings";
import { maintainStatsHistory, writeStatRows, type StatRow } from "@/lib/db/stats-history";
import { getLocalDocker } from "@/lib/docker/client";
import { watchContainerEvents } from "@/lib/docker/docker-events";
import { LABEL } from "@/lib/docker/labels";
import type { ContainerSample } from "@/lib/docker/stats";
import { globalSingleton } from "@/lib/global-singleton";
import { createStatsHub, getStatsHub, type StatsHub } from "@/lib/realtime/stats-hub";

/** One reading per container this often (ms). */
export const HISTORY_PERIOD_MS = 10_000;
const MAINTENANCE_MS = 60_000;
/** Container events arrive in bursts (a deploy starts many): one list after the burst. */
const RECONCILE_DEBOUNCE_MS = 1_000;

export type StatsHistoryOptions = {
  periodMs?: number;
  maintenanceMs?: number;
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

/** The stored row of one live sample. */
export const rowOf = (project: string, sample: ContainerSample): StatRow => ({
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
      [...latest.values()].map((s) => rowOf(project, s)),
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
    onConnect: () => void reconcile(),
    onEvent: reconcileSoon,
  });
  const writer = setInterval(() => void flush(), periodMs);
  const maintainer = setInterval(() => void maintain(), maintenanceMs);
  writer.unref();
  maintainer.unref();

  return {
    projects: () => [...watched.keys()],
    flush,
    stop: () => {
      stopped = true;
      events.stop();
      if (debounce) clearTimeout(debounce);
      clearInterval(writer);
      clearInterval(maintainer);
      unsubscribe();
      for (const release of watched.values()) release();
      watched.clear();
      if (!options.hub) hub.close();
    },
  };
};

/** Starts the panel's resource history once per process, over the local engine's shared stats hub. */
export const startStatsHistory = (): StatsHistoryRecorder =>
  globalSingleton("stats-history", () => createStatsHistoryRecorder({ hub: getStatsHub() }));

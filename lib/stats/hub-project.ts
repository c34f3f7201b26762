// A watched project inside the stats hub: who holds it, its containers' collectors, the samples
// since its last batch and its window; and the hub's one timer tick, which turns the due projects'
// samples into batches.
import { createRing, type Ring } from "./ring";
import type { KernelReader } from "./kernel-reader";
import type { ContainerCollector } from "./collector";
import type { ContainerSample } from "./sample";
import { sourceOf, totalsOf, type StatsBatch } from "./series";
import type { WatchReason } from "./hub-types";

type Holder = { reason: WatchReason; intervalMs: number };

export type ProjectState = {
  holders: Map<symbol, Holder>;
  grace: NodeJS.Timeout | null;
  collectors: Map<string, ContainerCollector>;
  /** Docker streams' samples since the last batch (kernel samples are read when the batch is due). */
  pending: Map<string, ContainerSample>;
  ring: Ring<StatsBatch>;
  intervalMs: number;
  lastBatchAt: number;
};

/** A project nobody held before: no collectors yet, read at the hub's default period. */
export const newProjectState = ({
  windowPoints,
  tickMs,
}: {
  windowPoints: number;
  tickMs: number;
}): ProjectState => ({
  holders: new Map(),
  grace: null,
  collectors: new Map(),
  pending: new Map(),
  ring: createRing(windowPoints),
  intervalMs: tickMs,
  lastBatchAt: 0,
});

/** The fastest holder's period: the resource history alone (every 10 s) does not read every second. */
export const intervalOf = (holders: Map<symbol, Holder>, tickMs: number): number =>
  holders.size === 0 ? tickMs : Math.min(...[...holders.values()].map((h) => h.intervalMs));

/**
 * How often a project gets a batch. Docker's streams push about once a second: a project with any
 * of them batches no faster, so each batch holds every container.
 */
export const periodOf = (state: ProjectState, tickMs: number): number =>
  [...state.collectors.values()].some((c) => c.source === "docker")
    ? Math.max(state.intervalMs, tickMs)
    : state.intervalMs;

export type TickOptions = {
  projects: Map<string, ProjectState>;
  /** The kernel reader, when containers are read from their cgroups here. */
  reader: KernelReader | null;
  now: number;
  /** The timer's period: a project due within half of it is read now. */
  timerMs: number;
  tickMs: number;
  stopCollector: (state: ProjectState, containerId: string) => void;
};

/**
 * One tick of the hub's timer for every watched container: the projects that are due get their
 * kernel containers read (one /proc/stat read for all) and one batch each with Docker's samples
 * since the last. Returns the batches and the projects to list again (a container read as gone
 * stopped or restarted: the list finds it again if it runs).
 */
export const tickProjects = ({
  projects,
  reader,
  now,
  timerMs,
  tickMs,
  stopCollector,
}: TickOptions): { batches: StatsBatch[]; relist: string[] } => {
  const due = [...projects].filter(([, s]) => now - s.lastBatchAt >= periodOf(s, tickMs) - timerMs / 2);
  const relist: string[] = [];
  if (reader && reader.size() > 0) {
    const stateOf = new Map<string, ProjectState>();
    for (const [, s] of due)
      for (const [id, c] of s.collectors) if (c.source === "kernel") stateOf.set(id, s);
    const { samples, gone } = reader.read(stateOf.keys());
    for (const sample of samples) stateOf.get(sample.containerId)?.pending.set(sample.containerId, sample);
    for (const id of gone) if (stateOf.has(id)) stopCollector(stateOf.get(id)!, id);
    for (const [project, s] of due) if (gone.some((id) => stateOf.get(id) === s)) relist.push(project);
  }
  const batches: StatsBatch[] = [];
  for (const [project, state] of due) {
    state.lastBatchAt = now;
    if (state.pending.size === 0) continue;
    const samples = [...state.pending.values()];
    state.pending.clear();
    const batch: StatsBatch = {
      project,
      t: now,
      samples,
      totals: totalsOf(samples),
      source: sourceOf(samples) ?? "docker",
      intervalMs: periodOf(state, tickMs),
    };
    state.ring.push(batch);
    batches.push(batch);
  }
  return { batches, relist };
};

// The process-wide event bus of deploy runs. Subscribers (socket.io rooms, the DB recorder) are
// wired once at boot; each run's snapshot is kept so a late joiner gets the current state at once.
import { globalSingleton } from "@/lib/global-singleton";
import type { DeployEvent } from "./events";
import { reduceRunState } from "./run-state";
import type { RunSnapshot } from "./run-state";

export type DeployListener = (event: DeployEvent) => void;

export type DeployBus = {
  /** Sends an event to every subscriber and folds it into the run's snapshot. */
  publish: (event: DeployEvent) => void;
  /** Listens to every run (or one run with `runId`); returns the unsubscribe function. */
  subscribe: (listener: DeployListener, options?: { runId?: string }) => () => void;
  /** The current state of a run (running, or among the recently finished). */
  snapshot: (runId: string) => RunSnapshot | undefined;
  /** Snapshots of runs still in flight. */
  activeRuns: () => RunSnapshot[];
};

/** Finished runs whose snapshots stay available to late joiners. */
export const FINISHED_RUNS_KEPT = 50;

const createBus = (): DeployBus => {
  const listeners = new Set<{ listener: DeployListener; runId: string | undefined }>();
  const snapshots = new Map<string, RunSnapshot>();
  const finished: string[] = [];
  return {
    publish: (event) => {
      const next = reduceRunState(snapshots.get(event.runId), event);
      if (next) snapshots.set(event.runId, next);
      if (event.type === "run_finished") {
        finished.push(event.runId);
        while (finished.length > FINISHED_RUNS_KEPT) snapshots.delete(finished.shift() as string);
      }
      for (const entry of [...listeners]) {
        if (entry.runId !== undefined && entry.runId !== event.runId) continue;
        try {
          entry.listener(event);
        } catch (error) {
          // A broken subscriber must not stop a deploy; it is reported and the run goes on.
          console.error("deploy bus subscriber failed:", error);
        }
      }
    },
    subscribe: (listener, options) => {
      const entry = { listener, runId: options?.runId };
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
    snapshot: (runId) => snapshots.get(runId),
    activeRuns: () => [...snapshots.values()].filter((snapshot) => snapshot.result === null),
  };
};

/** The process-wide deploy event bus. */
export const getDeployBus = (): DeployBus => globalSingleton("deploy-bus", createBus);

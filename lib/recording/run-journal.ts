// Stores every run while it runs: the row as soon as it starts (status "running"), then its timings
// and new events every FLUSH_INTERVAL_MS and at its end, so a dead panel loses at most the last
// interval. A write that fails (database read-only, locked, disk full) keeps its events and is
// retried; until one gets through the run shows as "recording delayed" (lib/db/write-health.ts).
import { globalSingleton } from "@/lib/global-singleton";
import { appendRunEvents, writeRunCleanup, writeRunProgress } from "@/lib/db/run-writes";
import { noteRecordingDelayed, noteRecordingWritten } from "@/lib/db/write-health";
import { getDeployBus, type DeployEvent, type RunResult } from "@/lib/deploy";
import { liveRunResult } from "@/lib/deploy/live-results";
import { engineStatus } from "@/lib/docker/engine";
import {
  cleanupRowOf,
  eventRowOf,
  phaseRowsOf,
  reachedStateText,
  runRowOf,
  serviceRowsOf,
  worthKeeping,
  type RunHostFacts,
} from "./run-row";

/** At most this long between an event and its row. */
export const FLUSH_INTERVAL_MS = 500;
/** Events kept per run (run state, cleanup and the final event always are). */
export const MAX_EVENTS_PER_RUN = 5_000;

export type RunJournalOptions = {
  ownerId: string;
  /** Applied to results and events before they are stored (the panel passes its secret redactor). */
  redact: (runId: string) => <T>(value: T) => T;
  onError: (error: unknown, runId: string) => void;
};

export type RunJournal = {
  stop: () => void;
  /** Resolves when the run's last event has been stored (at once when the run is unknown). */
  done: (runId: string) => Promise<void>;
  /** Writes the run's pending events now; resolves when everything received so far is stored. */
  flushNow: (runId: string) => Promise<void>;
};

/** The journals of this process (one in the panel; tests start their own), across Next's bundles. */
const journals = () => globalSingleton("run-journals", () => new Set<RunJournal>());

/**
 * Stores every event of a run the journals hold so far. A reader that subscribes to the bus and
 * then reads the store (the API's event stream) calls it in between, so an event published before
 * it subscribed but not yet flushed (every 0.5 s) is in the store, not lost.
 */
export const flushRunEvents = async (runId: string): Promise<void> => {
  await Promise.all([...journals()].map((journal) => journal.flushNow(runId)));
};

type Entry = {
  pending: DeployEvent[];
  stored: number;
  reachedState: string | null;
  final: RunResult | null;
  /** The last result seen (a teardown that failed before run_started has none live). */
  last: RunResult | null;
  writing: Promise<void>;
  /** The latest cleanup verdict seen (may be newer than the one in the final result). */
  cleanup: RunResult["cleanup"];
  settled: { resolve: () => void; promise: Promise<void> };
  failing: boolean;
  /** When the write under way started (ms), null between writes: a write that never ends is logged. */
  writeStartedAt: number | null;
  stuckLogged: boolean;
};

/** A write of a run's rows taking longer than this is logged once (a transaction that never ends). */
const STUCK_WRITE_MS = 30_000;

const ALWAYS_KEPT = new Set([
  "run_started",
  "run_state",
  "run_finished",
  "cleanup",
  "phase",
  "service_state",
]);

const settle = () => {
  let resolve = () => undefined as void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { resolve, promise };
};

/** Subscribes to the deploy bus and writes every run as it goes. */
export const startRunJournal = ({ ownerId, redact, onError }: RunJournalOptions): RunJournal => {
  const runs = new Map<string, Entry>();
  const finishedDone = new Map<string, Promise<void>>();
  let host: RunHostFacts | null = null;
  let askedAt = 0;
  const hostFacts = async (): Promise<RunHostFacts | null> => {
    // Asked at most every 30 s while the engine does not answer: a flush must not wait on it each time.
    if (host || Date.now() - askedAt < 30_000) return host;
    askedAt = Date.now();
    const status = await engineStatus();
    // Only a real answer is kept: an engine down at the first run must not null every later run.
    if (status.reachable)
      host = { engineVersion: status.version, cpus: status.cpus, memoryBytes: status.memoryBytes };
    return host;
  };

  const flush = (runId: string, entry: Entry): Promise<void> => {
    entry.writing = entry.writing.then(async () => {
      const result = entry.final ?? liveRunResult(runId) ?? entry.last;
      if (!result) return;
      entry.last = result;
      const events = entry.pending;
      entry.pending = [];
      const clean = redact(runId);
      entry.writeStartedAt = Date.now();
      try {
        const safe = { ...clean(result), cleanup: entry.cleanup ?? result.cleanup ?? null };
        await writeRunProgress({
          runId,
          run: runRowOf({
            result: safe,
            finished: entry.final !== null,
            reachedState: entry.reachedState,
            host: await hostFacts(),
            ownerId,
          }),
          phases: phaseRowsOf(safe),
          services: serviceRowsOf(safe),
          events: clean(events).map(eventRowOf),
        });
        entry.writeStartedAt = null;
        entry.stored += events.length;
        entry.failing = false;
        noteRecordingWritten(runId);
      } catch (error) {
        entry.writeStartedAt = null;
        entry.pending = [...events, ...entry.pending];
        // /api/health and the dashboard say "recording delayed" until a retry gets through.
        noteRecordingDelayed({ runId, error });
        if (!entry.failing) onError(error, runId);
        entry.failing = true;
        return;
      }
      if (entry.final && entry.pending.length === 0) {
        runs.delete(runId);
        stored.add(runId);
        // Late events come within the background cleanup's ~15 minutes; then the id is let go.
        setTimeout(() => stored.delete(runId), 30 * 60_000).unref();
        entry.settled.resolve();
      }
    });
    return entry.writing;
  };

  const tick = setInterval(() => {
    for (const [runId, entry] of runs) {
      if (entry.pending.length > 0 || entry.final) void flush(runId, entry);
      const since = entry.writeStartedAt;
      if (since !== null && Date.now() - since > STUCK_WRITE_MS && !entry.stuckLogged) {
        entry.stuckLogged = true;
        onError(
          new Error(
            `a write of its rows has not ended after ${Math.round((Date.now() - since) / 1000)} s (a database transaction that never ends?); later writes of the run wait behind it`,
          ),
          runId,
        );
      }
    }
  }, FLUSH_INTERVAL_MS);
  tick.unref();

  /** Runs whose last row is stored: what still comes of them (the background cleanup) is written at once. */
  const stored = new Set<string>();
  const writeLate = (event: DeployEvent): void => {
    const row = eventRowOf(redact(event.runId)(event));
    const writing =
      event.type === "cleanup"
        ? writeRunCleanup({ runId: event.runId, cleanup: cleanupRowOf(event.cleanup), event: row })
        : appendRunEvents({ runId: event.runId, events: [row] });
    void writing.catch((error: unknown) => onError(error, event.runId));
  };

  const unsubscribe = getDeployBus().subscribe((event) => {
    if (stored.has(event.runId) && !runs.has(event.runId)) {
      writeLate(event);
      return;
    }
    let entry = runs.get(event.runId);
    if (!entry) {
      const settled = settle();
      entry = {
        pending: [],
        stored: 0,
        reachedState: null,
        final: null,
        last: null,
        writing: Promise.resolve(),
        cleanup: null,
        settled,
        failing: false,
        writeStartedAt: null,
        stuckLogged: false,
      };
      runs.set(event.runId, entry);
      finishedDone.set(event.runId, settled.promise);
    }
    if (
      worthKeeping(event) &&
      (entry.stored + entry.pending.length < MAX_EVENTS_PER_RUN || ALWAYS_KEPT.has(event.type))
    )
      entry.pending.push(event);
    if (event.type === "run_state") entry.reachedState = reachedStateText(event.run);
    if (event.type === "cleanup") entry.cleanup = event.cleanup;
    if (event.type === "run_started") void flush(event.runId, entry);
    if (event.type === "run_finished") {
      entry.final = event.result;
      void flush(event.runId, entry);
      const runId = event.runId;
      void entry.settled.promise.then(() => setTimeout(() => finishedDone.delete(runId), 60_000).unref());
    }
  });

  const journal: RunJournal = {
    stop: () => {
      unsubscribe();
      clearInterval(tick);
      journals().delete(journal);
    },
    done: (runId) => finishedDone.get(runId) ?? Promise.resolve(),
    flushNow: async (runId) => {
      const entry = runs.get(runId);
      if (entry) await flush(runId, entry);
    },
  };
  journals().add(journal);
  return journal;
};

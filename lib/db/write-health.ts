// Whether the panel can write its database, said plainly: the free space of an SQLite database's
// folder (below MIN_DATABASE_FREE_BYTES no run starts), a small write probe, and the outcome of the
// run journal's last writes (a run whose rows could not be written is "recording delayed").
// Every run request asks `assertDatabaseWritable` before it creates anything; /api/health and the
// dashboard read `databaseWriteHealth`.
import { statfs } from "node:fs/promises";
import path from "node:path";
import { AppError } from "@/lib/errors";
import { formatBytes } from "@/lib/format";
import { globalSingleton } from "@/lib/global-singleton";
import { getPrisma } from "./client";
import { databaseUrl, isPostgresUrl } from "./url";

/** Below this much free space in an SQLite database's folder, no run starts (a run writes a few MiB). */
export const MIN_DATABASE_FREE_BYTES = 64 * 2 ** 20;
/** A probe answer is reused this long (health is polled; every run request asks). */
const PROBE_REUSE_MS = 1_000;
const PROBE_KEY = "database.write-probe";

/** A run whose rows the journal could not write (it keeps them and retries). */
export type DelayedRecording = { runId: string; error: string; since: string };

export type DatabaseWriteHealth = {
  writable: boolean;
  /** The SQLite file, or the PostgreSQL server (host/database, no credentials). */
  location: string;
  /** Free bytes in an SQLite database's folder; null for PostgreSQL. */
  freeBytes: number | null;
  /** Why it is not writable, as a sentence; null when it is. */
  error: string | null;
  /** Runs whose recording is delayed (their events wait in the panel's memory). */
  delayedRuns: DelayedRecording[];
};

type WriteState = {
  delayed: Map<string, DelayedRecording>;
  probe: { at: number; answer: Promise<ProbeAnswer> } | null;
};
type ProbeAnswer = Pick<DatabaseWriteHealth, "location" | "freeBytes" | "error">;

const state = () =>
  globalSingleton<WriteState>("database-write-state", () => ({ delayed: new Map(), probe: null }));

/** Why a database write failed, in a few words: "disk full", "read-only", or the error's own message. */
export const writeFailureReason = (error: unknown): string => {
  const text =
    error instanceof Error
      ? `${error.message} ${String((error as { code?: unknown }).code ?? "")}`
      : String(error);
  if (/SQLITE_FULL|database or disk is full|ENOSPC|no space left/i.test(text)) return "disk full";
  if (/SQLITE_READONLY|read-?only|EROFS/i.test(text)) return "read-only";
  if (/SQLITE_BUSY|database is locked/i.test(text)) return "locked";
  return (
    (error instanceof Error ? error.message : String(error)).split("\n").find((l) => l.trim()) ??
    "unknown error"
  );
};

/** Notes that a run's rows could not be written (the journal keeps them and retries). */
export const noteRecordingDelayed = ({ runId, error }: { runId: string; error: unknown }): void => {
  const delayed = state().delayed;
  const since = delayed.get(runId)?.since ?? new Date().toISOString();
  delayed.set(runId, { runId, error: writeFailureReason(error), since });
  // The next health read probes again rather than trusting an older "writable".
  state().probe = null;
};

/** Notes that a run's rows were written (its recording is no longer delayed). */
export const noteRecordingWritten = (runId: string): void => {
  if (state().delayed.delete(runId)) state().probe = null;
};

/** The database's location for a sentence: the SQLite file, or PostgreSQL's host and database. */
export const databaseLocation = (url = databaseUrl()): string => {
  if (!isPostgresUrl(url)) return path.resolve(url.slice("file:".length));
  try {
    const parsed = new URL(url);
    return `postgresql://${parsed.host}${parsed.pathname}`;
  } catch {
    return "the PostgreSQL database";
  }
};

const probe = async (): Promise<ProbeAnswer> => {
  const url = databaseUrl();
  const location = databaseLocation(url);
  let freeBytes: number | null = null;
  if (!isPostgresUrl(url)) {
    const folder = path.dirname(location);
    try {
      const fs = await statfs(folder);
      freeBytes = fs.bavail * fs.bsize;
    } catch (error) {
      return {
        location,
        freeBytes,
        error: `its folder ${folder} cannot be read (${writeFailureReason(error)})`,
      };
    }
    if (freeBytes < MIN_DATABASE_FREE_BYTES)
      return {
        location,
        freeBytes,
        error: `${formatBytes(freeBytes)} free in ${folder}, below the ${formatBytes(MIN_DATABASE_FREE_BYTES)} a run needs`,
      };
  }
  try {
    const value = JSON.stringify(new Date().toISOString());
    await getPrisma().panelSetting.upsert({
      where: { key: PROBE_KEY },
      update: { value },
      create: { key: PROBE_KEY, value },
    });
  } catch (error) {
    return { location, freeBytes, error: `a test write failed (${writeFailureReason(error)})` };
  }
  return { location, freeBytes, error: null };
};

/** Whether the database can be written now: free space, a write probe, and the journal's last writes. */
export const databaseWriteHealth = async (): Promise<DatabaseWriteHealth> => {
  const current = state();
  if (!current.probe || Date.now() - current.probe.at > PROBE_REUSE_MS)
    current.probe = { at: Date.now(), answer: probe() };
  const answer = await current.probe.answer;
  const delayedRuns = [...current.delayed.values()];
  const delayedError = delayedRuns[0]
    ? `recording delayed: ${delayedRuns[0].error} (${delayedRuns.length} run${delayedRuns.length === 1 ? "" : "s"} kept in memory, written once it can)`
    : null;
  const error = [answer.error, delayedError].filter((e) => e !== null).join("; ") || null;
  return { ...answer, error, writable: error === null, delayedRuns };
};

/**
 * Refuses a run before anything is created when the database cannot take its rows: 507 with the
 * database's path and free space (the run would otherwise go ahead unrecorded).
 */
export const assertDatabaseWritable = async (what: string): Promise<void> => {
  const health = await databaseWriteHealth();
  if (health.writable) return;
  const free = health.freeBytes === null ? "" : ` (${formatBytes(health.freeBytes)} free)`;
  throw new AppError(
    "insufficient_storage",
    `The ${what} was not started: the panel cannot write its database ${health.location}${free} — ${health.error}. Free space there (or make it writable), then try again; nothing was created.`,
    { database: { location: health.location, freeBytes: health.freeBytes, error: health.error } },
  );
};

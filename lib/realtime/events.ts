/**
 * The typed socket.io event map, shared by server.ts and the browser. Every client→server event
 * carries an acknowledgement answered with an `Ack`.
 */
import type { Principal } from "@/lib/auth/principal";
import type { LogStream } from "@/lib/log-query";
import type { DeployEvent, RunSnapshot } from "@/lib/deploy/browser-types";
import type { StatsBatch, StatsHistory } from "@/lib/stats/series";

export type Ack<T = undefined> = { ok: true; data: T } | { ok: false; msg: string };

export type Heartbeat = { serverTime: string; uptimeMs: number };

export type ServerToClientEvents = {
  heartbeat: (beat: Heartbeat) => void;
  /** Room `stats:<project>`: once a period (1 s, or as fast as a watcher asked), every container's newest sample, the totals and where they were read. */
  "stats:sample": (batch: StatsBatch) => void;
  /** Rooms `run:<id>` and `runs`: every event of a deploy or teardown, secrets redacted. */
  "run:event": (event: DeployEvent) => void;
  /** To the following socket only: one line of the followed service's output, redacted. */
  "logs:line": (line: LogStreamLine) => void;
  /** To the following socket only: its project follow ended (a search that ran out of its budget). */
  "logs:ended": (why: { reason: string }) => void;
  /** Room `images`: a line of a running image-kit build, then its result. */
  "images:log": (payload: { line: string } | { done: true; ok: boolean }) => void;
  /** Room `backups`: a running backup's bytes copied (throttled), then its end. */
  "backups:progress": (progress: BackupProgress) => void;
  /** Room `migrations`: a migration stored a step's change (read it again with GET /api/v1/migrations/{id}). */
  "migrations:changed": (change: MigrationChange) => void;
};

/** A migration's step changed: its id and its outcome so far (`running` until it ends). */
export type MigrationChange = { id: string; outcome: string };

/** One backup's progress: bytes copied of the bytes its volumes held when it started. */
export type BackupProgress = {
  id: string;
  topology: string;
  state: "running" | "complete" | "failed";
  bytesDone: number;
  bytesExpected: number;
};

export type ClientToServerEvents = {
  ping: (ack: (answer: Ack<{ serverTime: string }>) => void) => void;
  /** Joins `stats:<project>`; answered with the last 10 minutes so a late joiner draws at once. */
  "stats:watch": (request: StatsWatchRequest, ack: (answer: Ack<StatsHistory>) => void) => void;
  "stats:unwatch": (request: StatsWatchRequest, ack: (answer: Ack) => void) => void;
  /** Joins `run:<id>`; answered with the run's current snapshot. */
  "run:watch": (request: { runId: string }, ack: (answer: Ack<RunSnapshot>) => void) => void;
  "run:unwatch": (request: { runId: string }, ack: (answer: Ack) => void) => void;
  /** Joins `runs` (every run's events); answered with the runs in flight. */
  "runs:watch": (ack: (answer: Ack<RunSnapshot[]>) => void) => void;
  /** Follows one service's output (from its start); a new follow replaces the previous one. */
  "logs:follow": (
    request: { project: string; service: string; environment?: string },
    ack: (answer: Ack<{ container: string }>) => void,
  ) => void;
  /** Follows every running container of the project from `sinceMs` on, each line stamped; replaces the previous follow. */
  "logs:followProject": (
    request: {
      project: string;
      environment?: string;
      sinceMs: number;
      services?: string[];
      stream?: LogStream;
      q?: string;
      regex?: boolean;
    },
    ack: (answer: Ack<{ containers: string[] }>) => void,
  ) => void;
  "logs:unfollow": (ack: (answer: Ack) => void) => void;
  /** Joins `images` to see image-kit builds. */
  "images:watch": (ack: (answer: Ack) => void) => void;
  /** Joins `backups` to see running backups' progress. */
  "backups:watch": (ack: (answer: Ack) => void) => void;
  /** Joins `migrations` to hear when a migration's steps change. */
  "migrations:watch": (ack: (answer: Ack) => void) => void;
};

export type LogStreamLine = {
  project: string;
  service: string;
  stream: LogStream;
  line: string;
  /** The Engine's timestamp (ms since the epoch): lines of a followed project only. */
  t?: number;
};

/**
 * A compose project name, as `docker compose -p` accepts it, and how often the watcher wants a batch
 * (ms, 250 to 10000; 1000 when left out). Watching again with another period changes it.
 */
/** `environment`: an environment's id or name; unset: the panel's own engine. */
export type StatsWatchRequest = { project: string; intervalMs?: number; environment?: string };

export type InterServerEvents = Record<string, never>;
/** Set by the handshake (socket-auth.ts): who is connected. */
export type SocketData = { principal?: Principal; checkedAtMs?: number };

// Container output: the last lines at once, or followed line by line while a run watches.
import { PassThrough } from "node:stream";
import { getDocker } from "./client";
import { demuxBuffer, linesOf } from "./demux";
import { isNotFound } from "./docker-error";
import { readLines } from "@/lib/lines";
import type { LogStream } from "@/lib/log-query";

export type LogLine = { stream: LogStream; line: string };

export type TailLogsOptions = { id: string; lines: number };

/** The last `lines` lines of a container's output, stdout and stderr interleaved by the Engine. */
export const tailLogs = async ({ id, lines }: TailLogsOptions): Promise<string[]> => {
  try {
    const raw = (await getDocker()
      .getContainer(id)
      .logs({ stdout: true, stderr: true, tail: lines, follow: false })) as unknown as Buffer;
    const { stdout, stderr } = demuxBuffer(Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw)));
    // The Engine's tail applies per request; with both streams, keep the last `lines` of the two.
    return [...linesOf(stdout), ...linesOf(stderr)].slice(-lines);
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
};

export type FollowLogsOptions = { id: string; onLine: (line: LogLine) => void };

/** Follows a container's output from its start; returns a function that stops following. */
export const followLogs = async ({ id, onLine }: FollowLogsOptions): Promise<() => void> =>
  followStream({ id, since: 0, timestamps: false, onLine });

/** The Engine's follow stream of a container, split into lines per stream. */
const followStream = async ({
  id,
  since,
  timestamps,
  onLine,
}: {
  id: string;
  since: number;
  timestamps: boolean;
  onLine: (line: LogLine) => void;
}): Promise<() => void> => {
  const docker = getDocker();
  const stream = (await docker
    .getContainer(id)
    .logs({ stdout: true, stderr: true, follow: true, since, timestamps })) as NodeJS.ReadableStream & {
    destroy?: () => void;
  };
  const pipe = (name: LogLine["stream"]) => {
    const target = new PassThrough();
    readLines(target, (line) => onLine({ stream: name, line }));
    return target;
  };
  const stdout = pipe("stdout");
  const stderr = pipe("stderr");
  docker.modem.demuxStream(stream, stdout, stderr);
  stream.on("end", () => {
    stdout.end();
    stderr.end();
  });
  stream.on("error", () => undefined);
  return () => stream.destroy?.();
};

/** One line of output with the Engine's timestamp (ms since the epoch). */
export type TimedLogLine = LogLine & { t: number };

/**
 * Follows a container's output from `sinceMs` on (the Engine's second: lines of that second before
 * `sinceMs` are dropped here), each line with the Engine's timestamp; returns a function that stops.
 */
export const followTimedLogs = async ({
  id,
  sinceMs,
  onLine,
}: {
  id: string;
  sinceMs: number;
  onLine: (line: TimedLogLine) => void;
}): Promise<() => void> =>
  followStream({
    id,
    since: Math.floor(sinceMs / 1000),
    timestamps: true,
    onLine: ({ stream, line }) => {
      const stamped = parseStampedLine(line);
      if (!stamped) onLine({ stream, line, t: Date.now() });
      else if (stamped.t >= sinceMs) onLine({ stream, line: stamped.line, t: stamped.t });
    },
  });

export type ReadTimedLogsOptions = {
  id: string;
  /** Lines at or after this instant (ms since the epoch); 0 for all. */
  sinceMs: number;
  /** Lines before this instant (ms); undefined for up to now. */
  untilMs?: number;
  /** At most this many of the newest lines per stream. */
  tail: number;
};

// "2026-12-07T10:00:00.123456789Z message": the Engine's RFC 3339 stamp with nanoseconds.
const STAMPED = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d) ?(.*)$/;

/** A line Docker stamped: its time in ms (sub-ms digits dropped) and its text; null when unstamped. */
export const parseStampedLine = (stamped: string): { t: number; line: string } | null => {
  const m = STAMPED.exec(stamped);
  if (!m) return null;
  const t = Date.parse(`${m[1]}${(m[2] ?? "").slice(0, 4)}${m[3]}`);
  return Number.isFinite(t) ? { t, line: m[4] ?? "" } : null;
};

/** A container's output in a time range with the Engine's timestamps, stdout and stderr apart. */
export const readTimedLogs = async ({
  id,
  sinceMs,
  untilMs,
  tail,
}: ReadTimedLogsOptions): Promise<TimedLogLine[]> => {
  try {
    const raw = (await getDocker()
      .getContainer(id)
      .logs({
        stdout: true,
        stderr: true,
        follow: false,
        timestamps: true,
        tail,
        since: Math.floor(sinceMs / 1000),
        ...(untilMs === undefined ? {} : { until: Math.ceil(untilMs / 1000) }),
      })) as unknown as Buffer;
    const { stdout, stderr } = demuxBuffer(Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw)));
    const timed = (text: string, stream: LogLine["stream"]): TimedLogLine[] =>
      linesOf(text).flatMap((stamped) => {
        const parsed = parseStampedLine(stamped);
        return parsed && parsed.t >= sinceMs && (untilMs === undefined || parsed.t < untilMs)
          ? [{ ...parsed, stream }]
          : [];
      });
    return [...timed(stdout, "stdout"), ...timed(stderr, "stderr")];
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
};

// Container output: the last lines at once, or followed line by line while a run watches.
import { PassThrough } from "node:stream";
import { getDocker } from "./client";
import { demuxBuffer, linesOf } from "./demux";
import { isNotFound } from "./docker-error";
import { readLines } from "@/lib/lines";

export type LogLine = { stream: "stdout" | "stderr"; line: string };

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
export const followLogs = async ({ id, onLine }: FollowLogsOptions): Promise<() => void> => {
  const docker = getDocker();
  const stream = (await docker
    .getContainer(id)
    .logs({ stdout: true, stderr: true, follow: true, since: 0 })) as NodeJS.ReadableStream & {
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

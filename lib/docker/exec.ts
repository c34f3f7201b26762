// Runs a service's own health-check test inside its container, as the Engine would.
import { PassThrough } from "node:stream";
import type Docker from "dockerode";
import { getDocker } from "./client";

export type ExecResult =
  | { kind: "exited"; exitCode: number; output: string; durationMs: number }
  | { kind: "timed_out"; output: string; durationMs: number };

export type ExecHealthTestOptions = {
  id: string;
  /** Engine form: ["CMD", ...args] or ["CMD-SHELL", "script"]. */
  test: string[];
  timeoutMs: number;
  /** The engine the container runs on (a Swarm task's node); default: the panel's engine. */
  docker?: Docker;
};

/** The command line a health-check test runs: CMD-SHELL goes through /bin/sh -c, as in the Engine. */
export const commandOfTest = (test: string[]): string[] => {
  const [kind, ...rest] = test;
  if (kind === "CMD-SHELL") return ["/bin/sh", "-c", rest.join(" ")];
  if (kind === "CMD") return rest;
  return test;
};

const MAX_OUTPUT = 4096;

/** Execs the test with a timeout and returns its exit code and (truncated) output. */
export const execHealthTest = async ({
  id,
  test,
  timeoutMs,
  docker = getDocker(),
}: ExecHealthTestOptions): Promise<ExecResult> => {
  const began = performance.now();
  const exec = await docker
    .getContainer(id)
    .exec({ Cmd: commandOfTest(test), AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  let output = "";
  const sink = new PassThrough();
  sink.on("data", (chunk: Buffer) => {
    if (output.length < MAX_OUTPUT) output += chunk.toString("utf8");
  });
  docker.modem.demuxStream(stream, sink, sink);
  const ended = new Promise<"ended">((resolve) => {
    stream.on("end", () => resolve("ended"));
    stream.on("close", () => resolve("ended"));
    stream.on("error", () => resolve("ended"));
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  const outcome = await Promise.race([ended, timeout]);
  clearTimeout(timer);
  const durationMs = performance.now() - began;
  if (outcome === "timeout") {
    stream.destroy();
    return { kind: "timed_out", output: output.slice(0, MAX_OUTPUT), durationMs };
  }
  let info = await exec.inspect();
  // The stream can end a moment before the Engine records the exit code.
  for (let tries = 0; info.Running && tries < 20; tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    info = await exec.inspect();
  }
  return { kind: "exited", exitCode: info.ExitCode ?? -1, output: output.slice(0, MAX_OUTPUT), durationMs };
};

/** Runs a command (argv form) inside a running container and answers its exit code and output. */
export const execCommand = ({
  id,
  command,
  timeoutMs,
}: {
  id: string;
  command: string[];
  timeoutMs: number;
}): Promise<ExecResult> => execHealthTest({ id, test: ["CMD", ...command], timeoutMs });

// docker-compose (Debian's 1.29) on a run's effective file: `up -d` timed until every container is
// healthy by Docker (polled with inspect, as a person waiting for it would), and `down` timed.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { getDocker } from "@/lib/docker/client";
import { projectFilter } from "@/lib/docker/labels";

const COMPOSE = "/usr/bin/docker-compose";
const POLL_MS = 250;

const run = (args: string[], cwd: string): Promise<{ code: number; output: string }> =>
  new Promise((resolve) => {
    const child = spawn(COMPOSE, args, { cwd, env: { ...process.env } });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });

export type ComposeFiles = { dir: string; project: string };

/** Writes the effective file and the env file its ${VAR} references need. */
export const writeComposeFiles = ({
  effectiveFile,
  secrets,
  project,
}: {
  effectiveFile: string;
  secrets: Record<string, string>;
  project: string;
}): ComposeFiles => {
  const dir = mkdtempSync(path.join(tmpdir(), "bench-compose-"));
  writeFileSync(path.join(dir, "effective.yml"), effectiveFile);
  writeFileSync(
    path.join(dir, "secrets.env"),
    Object.entries(secrets)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(""),
    { mode: 0o600 },
  );
  return { dir, project };
};

const base = ({ project }: ComposeFiles) => [
  "-p",
  project,
  "-f",
  "effective.yml",
  "--env-file",
  "secrets.env",
];

/** Every container of the project healthy (or running, without a check)? */
const allHealthy = async (project: string, expected: number): Promise<boolean> => {
  const docker = getDocker();
  const listed = await docker.listContainers({ all: true, filters: projectFilter(project) });
  if (listed.length < expected) return false;
  const states = await Promise.all(listed.map((c) => docker.getContainer(c.Id).inspect()));
  return states.every((s) => (s.State.Health ? s.State.Health.Status === "healthy" : s.State.Running));
};

/** `up -d`, timed from the command to every service healthy; null when it failed or timed out. */
export const composeUp = async ({
  files,
  services,
  timeoutMs = 600_000,
}: {
  files: ComposeFiles;
  services: number;
  timeoutMs?: number;
}): Promise<{ upReturnedMs: number | null; allHealthyMs: number | null; output: string }> => {
  const began = performance.now();
  let upReturnedMs: number | null = null;
  let output = "";
  const up = run([...base(files), "up", "-d"], files.dir).then((r) => {
    upReturnedMs = r.code === 0 ? performance.now() - began : null;
    output = r.output;
    return r.code;
  });
  let failed = false;
  void up.then((code) => (failed = code !== 0));
  while (performance.now() - began < timeoutMs && !failed) {
    if (await allHealthy(files.project, services).catch(() => false)) {
      const allHealthyMs = performance.now() - began;
      await up;
      return { upReturnedMs, allHealthyMs, output };
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  await up;
  return { upReturnedMs, allHealthyMs: null, output };
};

/** `down` (with -v when the data should not survive), timed. */
export const composeDown = async ({
  files,
  volumes,
}: {
  files: ComposeFiles;
  volumes: boolean;
}): Promise<{ ms: number | null; output: string }> => {
  const began = performance.now();
  const result = await run([...base(files), "down", ...(volumes ? ["-v"] : [])], files.dir);
  return { ms: result.code === 0 ? performance.now() - began : null, output: result.output };
};

/** Removes the folder writeComposeFiles made (its secrets.env holds the cluster's secrets). */
export const removeComposeFiles = ({ dir }: ComposeFiles): void =>
  rmSync(dir, { recursive: true, force: true });

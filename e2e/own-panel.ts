// A panel server of a spec's own (its own port, database and log; the fixture topology folder), for
// specs that kill it, or that change the disk under its database: the shared e2e servers never see it.
import { spawn, type ChildProcess } from "node:child_process";
import { openSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { expect } from "@playwright/test";

/** A free loopback port (asked of the kernel, then released). */
export const freeLoopbackPort = async (): Promise<string> =>
  String(
    await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
      });
    }),
  );

/**
 * Starts `npx tsx server.ts` on `port` with the SQLite file `database`, in a process group of its
 * own (so killOwnPanel takes npx, tsx and node at once); resolves once /api/live answers 200.
 */
export const startOwnPanel = async ({
  port,
  database,
  logName,
}: {
  port: string;
  database: string;
  logName: string;
}): Promise<ChildProcess> => {
  const log = openSync(path.join(os.tmpdir(), `ollamamax-e2e-${logName}-${port}.log`), "a");
  const server = spawn("npx", ["tsx", "server.ts"], {
    detached: true,
    stdio: ["ignore", log, log],
    env: {
      ...process.env,
      PANEL_CLUSTER_ENV: process.env.E2E_CLUSTER_ENV ?? "",
      NODE_ENV: "production",
      PORT: port,
      DATABASE_URL: `file:${database}`,
      JWT_SECRET: process.env.E2E_JWT_SECRET ?? "",
      PANEL_TOPOLOGIES_DIR: "e2e/fixtures/topologies",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
  await expect
    .poll(
      () =>
        fetch(`http://127.0.0.1:${port}/api/live`).then(
          (r) => r.status,
          () => 0,
        ),
      { timeout: 60_000 },
    )
    .toBe(200);
  return server;
};

/** SIGKILL of the whole process group (npx → tsx → node), as an OOM kill or a power cut would. */
export const killOwnPanel = (server: ChildProcess | null): void => {
  if (server?.pid && server.exitCode === null) process.kill(-server.pid, "SIGKILL");
};

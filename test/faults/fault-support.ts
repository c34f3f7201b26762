// Helpers of the fault suite: the private engine, a tally of lost runs and leftovers, small fixtures.
import { execFile } from "node:child_process";
import { createServer, type Server } from "node:net";
import { promisify } from "node:util";
import { getPrisma } from "@/lib/db/client";
import { getDocker } from "@/lib/docker/client";
import { projectFilter } from "@/lib/docker/labels";
import { dependsOn, fixtureService, fixtureTopology, HTTPD } from "../fixtures/fixture-topology";
import { leftovers } from "../fixtures/deploy-support";

const run = promisify(execFile);

/** Restarts the private engine (stop: SIGTERM, containers killed after 2 s; start: until it answers). */
export const restartEngine = async (): Promise<void> => {
  await run("bash", ["test/faults/private-dockerd.sh", "restart"]);
};

/** Mounts the database's folder read-only (a read-only bind mount over itself) or back read-write. */
export const setReadOnly = async (dir: string, readOnly: boolean): Promise<void> => {
  if (readOnly) {
    await run("mount", ["--bind", dir, dir]);
    await run("mount", ["-o", "remount,ro,bind", dir]);
  } else {
    await run("umount", [dir]);
  }
};

export const until = async <T>(read: () => Promise<T | null | undefined>, timeoutMs = 90_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => null);
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

/** Every run a fault started, with the outcome it must be stored with; leftovers counted per project. */
export const createTally = () => {
  const runs: { fault: string; runId: string; status: string }[] = [];
  const left: { fault: string; count: number }[] = [];
  return {
    expectRun: (fault: string, runId: string, status: string) => runs.push({ fault, runId, status }),
    countLeftovers: async (fault: string, project: string) => {
      const found = await leftovers(project);
      left.push({ fault, count: found.containers + found.networks + found.volumes });
    },
    /** "lost runs: N, leftovers: M", with the faults behind any non-zero count. */
    report: async () => {
      const lost: string[] = [];
      for (const expected of runs) {
        const row = await getPrisma().run.findUnique({ where: { id: expected.runId } });
        if (row?.status !== expected.status)
          lost.push(
            `${expected.fault}: run ${expected.runId} stored as ${row?.status ?? "nothing"}, not ${expected.status}`,
          );
      }
      const leftover = left.reduce((sum, entry) => sum + entry.count, 0);
      const details = [
        ...lost,
        ...left.filter((e) => e.count > 0).map((e) => `${e.fault}: ${e.count} objects left`),
      ];
      return { lost: lost.length, leftovers: leftover, runs: runs.length, details };
    },
  };
};

/** Containers of a project the engine reports running. */
export const runningContainers = async (project: string): Promise<number> =>
  (await getDocker().listContainers({ filters: projectFilter(project) })).length;

/** db (ready at once) → app (ready after `appDelaySeconds`), both restart: unless-stopped, one volume. */
export const twoServiceTopology = ({
  project,
  appDelaySeconds = 0,
  appPort = null,
}: {
  project: string;
  appDelaySeconds?: number;
  appPort?: number | null;
}) =>
  fixtureTopology({
    project,
    volumes: [{ name: "data", dockerName: `${project}_data`, external: false, driver: "local" }],
    services: [
      fixtureService({ name: "db", restart: "unless-stopped" }),
      fixtureService({
        name: "app",
        dependsOn: [dependsOn("db")],
        restart: "unless-stopped",
        command:
          appDelaySeconds > 0 ? ["sh", "-c", `sleep ${appDelaySeconds}; exec ${HTTPD.join(" ")}`] : HTTPD,
        ports: appPort
          ? [{ hostIp: "127.0.0.1", hostPort: appPort, containerPort: 8080, protocol: "tcp" }]
          : [],
      }),
    ],
  });

/** A free loopback port (asked of the kernel, then released). */
export const freePort = async (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });

/** Holds a loopback port as "another process" would. */
export const holdPort = async (port: number): Promise<Server> =>
  new Promise((resolve, reject) => {
    const server = createServer()
      .once("error", reject)
      .listen(port, "127.0.0.1", () => resolve(server));
  });

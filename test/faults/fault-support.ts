// Helpers of the fault suite: the private engine, a tally of lost runs and leftovers, small fixtures.
import { execFile, execFileSync } from "node:child_process";
import { appendFileSync, closeSync, openSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { createServer, type Server } from "node:net";
import { promisify } from "node:util";
import { getPrisma } from "@/lib/db/client";
import { getDocker } from "@/lib/docker/client";
import { projectFilter } from "@/lib/docker/labels";
import { dependsOn, fixtureService, fixtureTopology, HTTPD } from "../fixtures/fixture-topology";
import { leftovers } from "../fixtures/deploy-support";
import { callRoute } from "../fixtures/panel-route";

const run = promisify(execFile);

/** Restarts the private engine (stop: SIGTERM, containers killed after 2 s; start: until it answers). */
export const restartEngine = async (): Promise<void> => {
  await run("bash", ["test/faults/private-dockerd.sh", "restart"]);
};

/**
 * The private engine's other faults: frozen (SIGSTOP) and thawed, or restarted with its data root
 * on a tmpfs of `size` (small-root) and back (normal-root).
 */
export const engine = async (action: "freeze" | "thaw" | "small-root" | "normal-root", size?: string) => {
  await run("bash", ["test/faults/private-dockerd.sh", action, ...(size ? [size] : [])]);
};

/** Mounts a tmpfs of `size` (e.g. "96m") on `dir` now; unmounted with unmountTmpfs. */
export const mountTmpfs = (dir: string, size: string): void => {
  execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir]);
};
/** Unmounts a tmpfs mounted by mountTmpfs (lazily: a database file may still be open). */
export const unmountTmpfs = (dir: string): void => {
  execFileSync("umount", ["-l", dir]);
};

/** Free bytes of the file system holding `dir`. */
const freeBytes = (dir: string): number =>
  Number(execFileSync("df", ["-B1", "--output=avail", dir]).toString().trim().split("\n")[1]);

/** Fills `dir`'s file system with the file `name` until `leaveBytes` remain free (0: until it refuses). */
export const fillDisk = ({ dir, name, leaveBytes }: { dir: string; name: string; leaveBytes: number }) => {
  const fd = openSync(join(dir, name), "a");
  const chunk = Buffer.alloc(2 ** 20);
  try {
    // Big chunks to near the mark, then 4 KiB ones (free space moves in pages).
    for (const size of [2 ** 20, 4096]) {
      for (;;) {
        const left = freeBytes(dir) - leaveBytes;
        if (left < size) break;
        for (let written = 0; written + size <= left; written += size) writeSync(fd, chunk, 0, size);
      }
    }
  } catch (error) {
    if ((error as { code?: string }).code !== "ENOSPC") throw error;
  } finally {
    closeSync(fd);
  }
};
/** Removes a file fillDisk wrote. */
export const unfillDisk = ({ dir, name }: { dir: string; name: string }) =>
  rmSync(join(dir, name), { force: true });

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

/** A fault's kind: its name without the parenthesised step ("engine restart mid-teardown (deploy)"). */
const kindOf = (fault: string) => fault.replace(/ \(.*\)$/, "");

/** One read of the panel's HTTP API (its route handlers) a fault's watch makes: each route's status. */
export type ApiProbe = () => Promise<{ route: string; status: number }[]>;

/**
 * The panel's read routes a person's browser keeps asking (GET /api/health, GET /api/runs), called
 * in-process with `token`: the probe of the faults that run the panel in this process.
 */
export const panelReads = async (token: string): Promise<{ route: string; status: number }[]> => {
  const [{ GET: health }, { GET: runs }] = await Promise.all([
    import("@/app/api/health/route"),
    import("@/app/api/runs/route"),
  ]);
  const answers = await Promise.all([
    callRoute({ handler: health, path: "/api/health", token }),
    callRoute({ handler: runs, path: "/api/runs", token }),
  ]);
  return [
    { route: "GET /api/health", status: answers[0].status },
    { route: "GET /api/runs", status: answers[1].status },
  ];
};

/** How often a fault's watch reads the panel's API. */
const PROBE_EVERY_MS = 500;

/**
 * Every run a fault started, with the outcome it must be stored with; leftovers counted per project;
 * every answer of a run route, its 5xx counted unless the fault expects that stated refusal (507 of
 * a full database); and, through `during`, the panel's read routes (`probe`) asked every 0.5 s while
 * the fault runs. A kind with no answer noted reads "5xx: unchecked" and fails the report. The report
 * has a line per fault kind; with FAULTS_REPORT set (the lab sets it) the lines are appended there,
 * so the lab's report covers every file of the suite.
 */
export const createTally = ({ probe }: { probe: ApiProbe }) => {
  const kinds: string[] = [];
  const kind = (fault: string) => {
    if (!kinds.includes(kindOf(fault))) kinds.push(kindOf(fault));
  };
  const runs: { fault: string; runId: string; status: string }[] = [];
  const left: { fault: string; count: number }[] = [];
  const answers: { fault: string; route: string; status: number; expected: boolean }[] = [];
  const noteAnswer = (fault: string, route: string, status: number, expected = false) => {
    kind(fault);
    answers.push({ fault, route, status, expected });
  };
  /** One probe; a probe that throws counts as a 500 (the route failed to answer). */
  const probeOnce = async (fault: string) => {
    try {
      for (const answer of await probe()) noteAnswer(fault, answer.route, answer.status);
    } catch (error) {
      noteAnswer(fault, `probe (${error instanceof Error ? error.message : String(error)})`, 500);
    }
  };
  return {
    /**
     * Runs `body` (a fault, from its injection to its recovery) while the panel's API is read every
     * 0.5 s, and once more after it: any 5xx of those reads counts against the fault's kind.
     */
    during: async <T>(fault: string, body: () => Promise<T>): Promise<T> => {
      kind(fault);
      let running = true;
      const watch = (async () => {
        while (running) {
          await probeOnce(fault);
          await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
        }
      })();
      try {
        return await body();
      } finally {
        running = false;
        await watch;
        await probeOnce(fault);
      }
    },
    expectRun: (fault: string, runId: string, status: string) => {
      kind(fault);
      runs.push({ fault, runId, status });
    },
    countLeftovers: async (fault: string, project: string) => {
      kind(fault);
      const found = await leftovers(project);
      left.push({ fault, count: found.containers + found.networks + found.volumes });
    },
    /** Notes a run route's answer; `expected`: a stated refusal this fault is meant to get. */
    noteAnswer,
    /** Per kind "lost runs: N, leftovers: M, 5xx: K", the totals, and the faults behind any non-zero count. */
    report: async () => {
      const lost: { fault: string; line: string }[] = [];
      for (const expected of runs) {
        const row = await getPrisma().run.findUnique({ where: { id: expected.runId } });
        if (row?.status !== expected.status)
          lost.push({
            fault: expected.fault,
            line: `${expected.fault}: run ${expected.runId} stored as ${row?.status ?? "nothing"}, not ${expected.status}`,
          });
      }
      const serverErrors = answers.filter((a) => a.status >= 500 && !a.expected);
      const lines = kinds.map((k) => {
        const of = <T extends { fault: string }>(list: T[]) => list.filter((e) => kindOf(e.fault) === k);
        const leftover = of(left).reduce((sum, e) => sum + e.count, 0);
        const stated = of(answers)
          .filter((a) => a.expected)
          .map((a) => a.status);
        const refusals = stated.length > 0 ? ` (stated refusals, expected: ${stated.join(", ")})` : "";
        const checked = of(answers).length;
        const fives = checked === 0 ? "unchecked" : String(of(serverErrors).length);
        return `fault ${k}: lost runs: ${of(lost).length}, leftovers: ${leftover}, 5xx: ${fives} (${checked} answers)${refusals}`;
      });
      const unchecked = kinds.filter((k) => !answers.some((a) => kindOf(a.fault) === k));
      if (process.env.FAULTS_REPORT)
        appendFileSync(process.env.FAULTS_REPORT, lines.map((l) => `${l}\n`).join(""));
      const details = [
        ...lost.map((l) => l.line),
        ...left.filter((e) => e.count > 0).map((e) => `${e.fault}: ${e.count} objects left`),
        ...serverErrors.map((a) => `${a.fault}: ${a.route} answered ${a.status}`),
        ...unchecked.map((k) => `${k}: no answer of the panel's API was read during it`),
      ];
      return {
        lost: lost.length,
        leftovers: left.reduce((sum, e) => sum + e.count, 0),
        serverErrors: serverErrors.length,
        unchecked: unchecked.length,
        runs: runs.length,
        lines,
        details,
      };
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

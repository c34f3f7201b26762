// The panel's database disk full (issue 27), on a small tmpfs this test mounts and unmounts (root):
// - every run request (deploy, batch, teardown, scale, latency) is refused with 507 naming the
//   database's path and free space while the folder has less than MIN_DATABASE_FREE_BYTES, and
//   nothing is created: no run, no batch, no audit of a start, no container;
// - the disk filling during a deploy: the journal keeps the run and retries, /api/health says
//   `writable: false` with "recording delayed: disk full" within 5 s, and once space is freed the
//   run is stored with its outcome.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purgeProject, uniqueProject } from "./fixtures/deploy-support";
import {
  fillDisk,
  mountTmpfs,
  twoServiceTopology,
  unfillDisk,
  unmountTmpfs,
  until,
} from "./faults/fault-support";
import { callRoute, type RouteAnswer } from "./fixtures/panel-route";
import {
  apiToken,
  apiUser,
  clusterSecrets,
  runJournal,
  scratchDatabase,
  scratchFolder,
  scratchTopologies,
  topologyFolder,
} from "./fixtures/scratch-panel";

const dir = scratchFolder("disk-full-db-");
// 96 MiB: room for the database with more than the 64 MiB threshold free until the test fills it.
mountTmpfs(dir, "96m");
afterAll(() => unmountTmpfs(dir));
scratchDatabase({ dir });
const catalog = scratchFolder("disk-full-catalog-");
scratchTopologies({ dir: catalog });
clusterSecrets({ dir: catalog });
const project = uniqueProject().replace("deploytest", "diskfull");
const topology = project;
topologyFolder({
  name: topology,
  files: {
    "docker-compose.yml": `name: ${project}\nservices:\n  app:\n    image: ollamamax-test/busybox:latest\n    command: ["sleep", "3600"]\n`,
  },
});
const journal = runJournal({ onError: () => undefined });
let token = "";
beforeAll(async () => {
  const user = await apiUser({ username: "disk-operator", role: "operator" });
  token = await apiToken({ user, name: "disk full" });
  // Loaded up front: a first import takes seconds on a busy machine, not the 5 s the disk is given.
  await Promise.all([...Object.values(ROUTES).map((load) => load()), import("@/app/api/health/route")]);
});
afterAll(async () => {
  await purgeProject(project);
  await purgeProject(`${project}-run`);
});

const fill = (name: string, leaveBytes: number) => fillDisk({ dir, name, leaveBytes });
const unfill = (name: string) => unfillDisk({ dir, name });

const ROUTES = {
  "/api/deploy": () => import("@/app/api/deploy/route"),
  "/api/batches": () => import("@/app/api/batches/route"),
  "/api/teardown": () => import("@/app/api/teardown/route"),
  "/api/scale": () => import("@/app/api/scale/route"),
  "/api/latency": () => import("@/app/api/latency/route"),
};
const BODIES: Record<keyof typeof ROUTES, unknown> = {
  "/api/deploy": { topology, strategy: "dag" },
  "/api/batches": { topology, strategy: "dag", times: 2 },
  "/api/teardown": { topology, removeVolumes: true },
  "/api/scale": { topology, direction: "up", count: 1 },
  "/api/latency": { topology, requests: 1, concurrency: 1, durationS: 1 },
};
const post = async (path: keyof typeof ROUTES): Promise<RouteAnswer> => {
  const { POST } = await ROUTES[path]();
  return callRoute({ handler: POST, path, token, body: BODIES[path] });
};
const health = async () => {
  const { GET } = await import("@/app/api/health/route");
  const answer = await callRoute<{
    database: { writable: boolean; error: string | null; delayedRuns: { runId: string; error: string }[] };
  }>({ handler: GET, path: "/api/health", token });
  if (!answer.body.data) throw new Error(`/api/health answered ${answer.status}`);
  return answer.body.data.database;
};
const created = async () => {
  const { getPrisma } = await import("@/lib/db/client");
  const prisma = getPrisma();
  return {
    runs: await prisma.run.count(),
    batches: await prisma.batch.count(),
    starts: await prisma.auditEvent.count({ where: { action: { endsWith: ".start" } } }),
    containers: execFileSync("docker", [
      "ps",
      "-aq",
      "--filter",
      `label=com.docker.compose.project=${project}`,
    ])
      .toString()
      .trim(),
  };
};

describe("the database's disk full", () => {
  it("refuses every run request with 507 naming the database and its free space; nothing is created", async () => {
    expect((await health()).writable).toBe(true);
    const before = await created();
    fill("ballast-low", 40 * 2 ** 20);
    try {
      // Said within 5 s (a probe answer is reused for a second).
      const reported = await until(async () => {
        const database = await health();
        return database.writable ? null : database;
      }, 5_000);
      expect(reported.error).toMatch(/MiB free in .*, below the 64 MiB a run needs/);
      for (const path of Object.keys(ROUTES) as (keyof typeof ROUTES)[]) {
        const answer = await post(path);
        expect(answer.status, path).toBe(507);
        expect(answer.body.error?.code, path).toBe("insufficient_storage");
        expect(answer.body.error?.message, path).toContain(join(dir, "panel.db"));
        expect(answer.body.error?.message, path).toMatch(/\d+(\.\d+)? MiB free/);
        expect(answer.body.error?.message, path).toMatch(/nothing was created/);
      }
      expect(await created()).toEqual(before);
    } finally {
      unfill("ballast-low");
    }
    // With the space back, the same request starts its run (the refusal above was the disk's).
    await until(async () => ((await health()).writable ? true : null), 5_000);
    const accepted = await post("/api/deploy");
    expect(accepted.status).toBe(202);
    const { runId } = accepted.body.data as { runId: string };
    await journal().done(runId);
    const torn = await post("/api/teardown");
    expect(torn.status).toBe(202);
    await journal().done((torn.body.data as { runId: string }).runId);
  });

  it("filling during a deploy: recording delayed in /api/health within 5 s, the run stored once space is freed", async () => {
    const { startTeardown } = await import("@/lib/deploy");
    const { startApprovedDeploy } = await import("./fixtures/approved-deploy");
    const { getPrisma } = await import("@/lib/db/client");
    const name = `${project}-run`;
    const started = startApprovedDeploy({
      topology: twoServiceTopology({ project: name, appDelaySeconds: 3 }),
      strategy: "dag",
      awaitDockerHealth: false,
    });
    await until(() => getPrisma().run.findUnique({ where: { id: started.runId } }));
    fill("ballast-full", 0);

    const filledAt = Date.now();
    try {
      const reported = await until(async () => {
        const database = await health();
        return database.delayedRuns.some((r) => r.runId === started.runId) ? database : null;
      }, 5_000);
      expect(Date.now() - filledAt).toBeLessThan(5_000);
      expect(reported.writable).toBe(false);
      expect(reported.error).toMatch(/recording delayed: disk full/);
      const result = await started.done;
      expect(result.error?.message ?? null).toBeNull();
      expect(result.status).toBe("healthy");
      // Still not written: the final row waits in memory.
      expect((await getPrisma().run.findUniqueOrThrow({ where: { id: started.runId } })).status).toBe(
        "running",
      );
    } finally {
      unfill("ballast-full");
    }
    await journal().done(started.runId);
    const run = await getPrisma().run.findUniqueOrThrow({
      where: { id: started.runId },
      include: { events: true },
    });
    expect(run.status).toBe("healthy");
    expect(run.events.some((e) => e.type === "run_finished")).toBe(true);
    expect((await health()).writable).toBe(true);
    await startTeardown({ project: name, removeVolumes: true, stopTimeoutSeconds: 0 }).done;
  });
});

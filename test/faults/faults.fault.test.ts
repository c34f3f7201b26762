// Faults an operator meets, injected into real deploys on a private Docker engine (DOCKER_HOST set
// by scripts/ci/labs/faults.lab): each asserts the run is stored with the right outcome and that,
// after the panel's own reconcile or cleanup, nothing of it is left. Prints the tally at the end.
// The database lives on a 96 MiB tmpfs this file mounts (the disk-full faults fill it).
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db/client";
import { startTeardown } from "@/lib/deploy";
import { liveRunResult } from "@/lib/deploy/live-results";
import { getDocker } from "@/lib/docker/client";
import { projectFilter } from "@/lib/docker/labels";
import { actOnLeftovers } from "@/lib/operations/leftover-actions";
import { reconcileAtBoot } from "@/lib/recording";
import { deployAndKillChild } from "../fixtures/child-panel";
import { purgeProject, uniqueProject } from "../fixtures/deploy-support";
import {
  createTally,
  engine,
  fillDisk,
  freePort,
  holdPort,
  mountTmpfs,
  panelReads,
  restartEngine,
  unfillDisk,
  unmountTmpfs,
  runningContainers,
  setReadOnly,
  twoServiceTopology,
  until,
} from "./fault-support";
import { testPrincipal } from "../fixtures/principal";
import { fixtureService, fixtureTopology } from "../fixtures/fixture-topology";
import { callRoute } from "../fixtures/panel-route";
import { apiToken, apiUser, runJournal, scratchDatabase, scratchFolder } from "../fixtures/scratch-panel";
import { startApprovedDeploy } from "../fixtures/approved-deploy";

if (!process.env.DOCKER_HOST?.includes("faults-docker"))
  throw new Error("run me through scripts/ci/labs/faults.lab");
// Its folder is made read-only, and filled, by faults below.
const dbDir = scratchFolder("faults-db-");
mountTmpfs(dbDir, "96m");
afterAll(() => unmountTmpfs(dbDir));
scratchDatabase({ dir: dbDir });
const journal = runJournal({ onError: (error, runId) => console.error(`journal: run ${runId}:`, error) });
const tally = createTally({ probe: () => panelReads(operatorToken) });
const projects: string[] = [];
const project = () => {
  const name = uniqueProject().replace("deploytest", "faulttest");
  projects.push(name);
  return name;
};
const principal = testPrincipal({ username: "faults", role: "operator" });
const stored = (runId: string) => getPrisma().run.findUnique({ where: { id: runId } });

const buildContext = scratchFolder("faults-build-");
/** The private engine's data root while it runs on a small tmpfs (`engine("small-root", …)`). */
const SMALL_DATA_ROOT = "/tmp/faults-docker/small-data";
let operatorToken = "";
beforeAll(async () => {
  const user = await apiUser({ username: "faults-operator", role: "operator" });
  operatorToken = await apiToken({ user, name: "fault suite" });
  // Loaded up front: a first import takes seconds on a busy machine, not the 5 s a fault is given.
  await Promise.all([
    import("@/app/api/deploy/route"),
    import("@/app/api/health/route"),
    import("@/app/api/runs/route"),
  ]);
});

/** POSTs a panel run route (the browser's) as the operator; the answer is noted in the tally. */
const postRoute = async (fault: string, path: "/api/deploy", body: unknown, expectedStatus?: number) => {
  const { POST } = await import("@/app/api/deploy/route");
  const answer = await callRoute({ handler: POST, path, token: operatorToken, body });
  tally.noteAnswer(fault, path, answer.status, answer.status === expectedStatus);
  return { status: answer.status, error: answer.body.error };
};

/** The signed-in /api/health. */
const panelHealth = async () => {
  const { GET } = await import("@/app/api/health/route");
  const answer = await callRoute<{
    database: { writable: boolean; error: string | null; delayedRuns: { runId: string }[] };
    docker: { reachable: boolean };
  }>({ handler: GET, path: "/api/health", token: operatorToken });
  if (!answer.body.data) throw new Error(`/api/health answered ${answer.status}`);
  return answer.body.data;
};
/** The signed-in /api/health's database part. */
const databaseHealth = async () => (await panelHealth()).database;

/** Freezes the private engine (SIGSTOP) for `ms`, then thaws it. */
const freezeEngineFor = async (ms: number) => {
  await engine("freeze");
  try {
    await new Promise((resolve) => setTimeout(resolve, ms));
  } finally {
    await engine("thaw");
  }
};

/** Tears the project down at once, expects it torn down and stored, counts what is left. */
const tearDownAndCount = async (fault: string, name: string) => {
  const teardown = await startTeardown({ project: name, removeVolumes: true, stopTimeoutSeconds: 0 }).done;
  tally.expectRun(`${fault} (teardown)`, teardown.runId, "torn_down");
  await journal().done(teardown.runId);
  await tally.countLeftovers(fault, name);
};

/**
 * Deploys a healthy project, starts its teardown with 8 s stops (httpd as PID 1 ignores SIGTERM:
 * each stop takes them all, the window for the fault), injects the fault 1.5 s in: the teardown must
 * still remove everything.
 */
const teardownThrough = async (fault: string, inject: () => Promise<void>) => {
  const name = project();
  const deploy = await startApprovedDeploy({
    topology: twoServiceTopology({ project: name }),
    strategy: "dag",
    awaitDockerHealth: false,
  }).done;
  expect(deploy.status).toBe("healthy");
  tally.expectRun(`${fault} (deploy)`, deploy.runId, "healthy");
  const teardown = startTeardown({ project: name, removeVolumes: true, stopTimeoutSeconds: 8 });
  tally.expectRun(fault, teardown.runId, "torn_down");
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  await inject();
  expect(await teardown.done).toMatchObject({ status: "torn_down", error: null });
  await journal().done(teardown.runId);
  await tally.countLeftovers(fault, name);
};

afterAll(async () => {
  // Stopped before the tally: a run the journal had not stored by now counts as lost.
  journal().stop();
  const report = await tally.report();
  console.log(
    `fault suite: ${report.runs} runs; lost runs: ${report.lost}, leftovers: ${report.leftovers}, 5xx: ${report.serverErrors}`,
  );
  for (const line of [...report.lines, ...report.details]) console.log(`  ${line}`);
  for (const name of projects) await purgeProject(name);
  expect(report).toMatchObject({ lost: 0, leftovers: 0, serverErrors: 0, unchecked: 0 });
});

/** A fault's test: its body (injection to recovery) runs while the panel's API is watched for 5xx. */
const faultTest = (title: string, fault: string, body: () => Promise<void>) =>
  it(title, () => tally.during(fault, body));

describe("fault suite", () => {
  faultTest(
    "panel killed mid-deploy, then restarted: interrupted, leftovers torn down from the dashboard's action",
    "panel killed",
    async () => {
      const name = project();
      const runId = await deployAndKillChild({ project: name, appDelaySeconds: 60, until });
      tally.expectRun("panel killed", runId, "interrupted");
      // The restarted panel's reconcile (the kill lands within moments; the process is then gone).
      await until(
        async () => ((await reconcileAtBoot()).interruptedRuns.includes(runId) ? true : null),
        10_000,
      );
      await actOnLeftovers({ principal, address: null, runId, action: "teardown" });
      await until(async () => ((await stored(runId))?.cleanupState === "done" ? true : null));
      await tally.countLeftovers("panel killed", name);
    },
  );

  faultTest(
    "engine restarted mid-deploy: failed, not resurrected, cleaned once the engine is back",
    "engine restart mid-deploy",
    async () => {
      const name = project();
      const started = startApprovedDeploy({
        topology: twoServiceTopology({ project: name, appDelaySeconds: 60 }),
        strategy: "dag",
        awaitDockerHealth: false,
        serviceTimeoutMs: 120_000,
      });
      tally.expectRun("engine restart mid-deploy", started.runId, "failed");
      await until(async () =>
        liveRunResult(started.runId)?.services.find((s) => s.service === "app")?.runningAt ? true : null,
      );
      await restartEngine();
      // Created with restart policy "no": the engine brings nothing of the failing run back.
      expect(await runningContainers(name)).toBe(0);
      const result = await started.done;
      expect(result.status).toBe("failed");
      await until(async () => ((await stored(started.runId))?.cleanupState === "done" ? true : null)).catch(
        async (error: unknown) => {
          const events = await getPrisma().runEvent.findMany({
            where: { runId: started.runId },
            orderBy: { t: "asc" },
          });
          console.log(events.map((e) => e.payload.slice(0, 300)).join("\n"));
          throw error;
        },
      );
      await tally.countLeftovers("engine restart mid-deploy", name);
    },
  );

  faultTest(
    "engine restarted mid-teardown: the teardown goes over the project again once the engine is back",
    "engine restart mid-teardown",
    async () => {
      await teardownThrough("engine restart mid-teardown", restartEngine);
    },
  );

  faultTest("a container killed mid-deploy: failed, cleaned up", "container killed", async () => {
    const name = project();
    const started = startApprovedDeploy({
      topology: twoServiceTopology({ project: name, appDelaySeconds: 30 }),
      strategy: "dag",
      awaitDockerHealth: false,
    });
    tally.expectRun("container killed", started.runId, "failed");
    await until(async () =>
      liveRunResult(started.runId)?.services.find((s) => s.service === "app")?.runningAt ? true : null,
    );
    const [app] = await getDocker().listContainers({
      filters: { label: [...projectFilter(name).label, "com.docker.compose.service=app"] },
    });
    await getDocker()
      .getContainer(app?.Id ?? "")
      .kill();
    const result = await started.done;
    expect(result).toMatchObject({ status: "failed", cleanup: { state: "done" } });
    await journal().done(started.runId);
    await tally.countLeftovers("container killed", name);
  });

  faultTest(
    "a port taken by another process between preflight and start: failed, cleaned up",
    "port taken",
    async () => {
      const name = project();
      const port = await freePort();
      // db takes 3 s to be ready; app (publishing the port) starts after it: the port goes in between.
      const topology = twoServiceTopology({ project: name, appPort: port });
      const db = topology.services[0];
      if (db) db.command = ["sh", "-c", "sleep 3; exec httpd -f -p 8080 -h /www"];
      const started = startApprovedDeploy({ topology, strategy: "dag", awaitDockerHealth: false });
      tally.expectRun("port taken", started.runId, "failed");
      const holder = await holdPort(port);
      try {
        const result = await started.done;
        expect(result.status).toBe("failed");
        expect(result.error?.message).toMatch(/app/);
        expect(result.cleanup?.state).toBe("done");
      } finally {
        holder.close();
      }
      await journal().done(started.runId);
      await tally.countLeftovers("port taken", name);
    },
  );

  faultTest(
    "the database's disk read-only mid-deploy: the run is stored once it is writable again",
    "database read-only",
    async () => {
      const name = project();
      await setReadOnly(dbDir, true);
      let runId = "";
      try {
        const started = startApprovedDeploy({
          topology: twoServiceTopology({ project: name }),
          strategy: "dag",
          awaitDockerHealth: false,
        });
        runId = started.runId;
        tally.expectRun("database read-only", runId, "healthy");
        expect((await started.done).status).toBe("healthy");
        expect(await stored(runId)).toBeNull();
      } finally {
        await setReadOnly(dbDir, false);
      }
      await journal().done(runId);
      const run = await getPrisma().run.findUniqueOrThrow({
        where: { id: runId },
        include: { events: true },
      });
      expect(run.status).toBe("healthy");
      expect(run.events.some((e) => e.type === "run_finished")).toBe(true);
      await tearDownAndCount("database read-only", name);
    },
  );

  faultTest(
    "two deploys clicked at once: one runs, the other is refused naming it",
    "two deploys",
    async () => {
      const name = project();
      const attempts = [0, 1].map(() => {
        try {
          return startApprovedDeploy({
            topology: twoServiceTopology({ project: name }),
            strategy: "dag",
            awaitDockerHealth: false,
          });
        } catch (error) {
          return error as Error;
        }
      });
      const started = attempts.filter((a) => !(a instanceof Error));
      const refused = attempts.filter((a) => a instanceof Error);
      expect(started).toHaveLength(1);
      expect(refused[0]?.message).toMatch(/already running/);
      const first = started[0] as { runId: string; done: Promise<{ status: string }> };
      tally.expectRun("two deploys", first.runId, "healthy");
      expect((await first.done).status).toBe("healthy");
      const teardown = await startTeardown({ project: name, removeVolumes: true, stopTimeoutSeconds: 0 })
        .done;
      tally.expectRun("two deploys (teardown)", teardown.runId, "torn_down");
      await journal().done(first.runId);
      await journal().done(teardown.runId);
      expect(await getPrisma().run.count({ where: { project: name, kind: "deploy" } })).toBe(1);
      await tally.countLeftovers("two deploys", name);
    },
  );

  faultTest(
    "engine frozen (SIGSTOP) for 15 s mid-deploy: the deploy waits it out and ends healthy",
    "engine frozen mid-deploy",
    async () => {
      const name = project();
      const started = startApprovedDeploy({
        topology: twoServiceTopology({ project: name, appDelaySeconds: 3 }),
        strategy: "dag",
        awaitDockerHealth: false,
        serviceTimeoutMs: 120_000,
      });
      tally.expectRun("engine frozen mid-deploy", started.runId, "healthy");
      await until(async () =>
        liveRunResult(started.runId)?.services.some((s) => s.runningAt) ? true : null,
      );
      await freezeEngineFor(15_000);
      expect((await started.done).status).toBe("healthy");
      await journal().done(started.runId);
      await tearDownAndCount("engine frozen mid-deploy", name);
    },
  );

  faultTest(
    "engine frozen (SIGSTOP) for 15 s mid-teardown: the teardown waits it out and removes everything",
    "engine frozen mid-teardown",
    async () => {
      await teardownThrough("engine frozen mid-teardown", () => freezeEngineFor(15_000));
    },
  );

  faultTest(
    "the database's disk full at the start of a deploy: 507 naming the database and its free space, nothing created",
    "database disk full at deploy start",
    async () => {
      const fault = "database disk full at deploy start";
      const name = project();
      const runsBefore = await getPrisma().run.count();
      fillDisk({ dir: dbDir, name: "ballast", leaveBytes: 40 * 2 ** 20 });
      try {
        const answer = await until(async () => {
          const tried = await postRoute(fault, "/api/deploy", { topology: name, strategy: "dag" }, 507);
          return tried.status === 507 ? tried : null;
        }, 5_000);
        expect(answer.error?.code).toBe("insufficient_storage");
        expect(answer.error?.message).toContain(join(dbDir, "panel.db"));
        expect(answer.error?.message).toMatch(/MiB free/);
      } finally {
        unfillDisk({ dir: dbDir, name: "ballast" });
      }
      expect(await getPrisma().run.count()).toBe(runsBefore);
      await tally.countLeftovers(fault, name);
    },
  );

  faultTest(
    "the database's disk full mid-deploy: recording delayed in /api/health within 5 s; stored once space is back",
    "database disk full mid-deploy",
    async () => {
      const fault = "database disk full mid-deploy";
      const name = project();
      const started = startApprovedDeploy({
        topology: twoServiceTopology({ project: name, appDelaySeconds: 3 }),
        strategy: "dag",
        awaitDockerHealth: false,
      });
      tally.expectRun(fault, started.runId, "healthy");
      await until(() => stored(started.runId));
      fillDisk({ dir: dbDir, name: "ballast", leaveBytes: 0 });
      const filledAt = Date.now();
      try {
        const database = await until(async () => {
          const read = await databaseHealth();
          return read.delayedRuns.some((r) => r.runId === started.runId) ? read : null;
        }, 5_000);
        expect(Date.now() - filledAt).toBeLessThan(5_000);
        expect(database).toMatchObject({
          writable: false,
          error: expect.stringMatching(/recording delayed: disk full/),
        });
        expect((await started.done).status).toBe("healthy");
      } finally {
        unfillDisk({ dir: dbDir, name: "ballast" });
      }
      await journal().done(started.runId);
      expect((await databaseHealth()).writable).toBe(true);
      await tearDownAndCount(fault, name);
    },
  );

  faultTest(
    "the Docker data root full during an image build: failed with the engine's sentence, cleaned up",
    "Docker data root full during a build",
    async () => {
      const fault = "Docker data root full during a build";
      const name = project();
      const context = buildContext;
      // 200 MiB into a 48 MiB data root: the RUN step fills it.
      writeFileSync(
        join(context, "Dockerfile"),
        "FROM ollamamax-test/busybox:latest\nRUN dd if=/dev/zero of=/filler bs=1M count=200\n",
      );
      const topology = fixtureTopology({
        project: name,
        services: [
          fixtureService({
            name: "built",
            image: `${name}-built:latest`,
            build: { context, dockerfile: "Dockerfile", args: {} },
          }),
        ],
      });
      await engine("small-root", "48m");
      try {
        const started = startApprovedDeploy({ topology, strategy: "dag", awaitDockerHealth: false });
        tally.expectRun(fault, started.runId, "failed");
        const result = await started.done;
        expect(result.status).toBe("failed");
        expect(result.error?.message).toMatch(/disk is full \(.*no space left on device/i);
        expect(result.cleanup?.state).toBe("done");
        await journal().done(started.runId);
        await tally.countLeftovers(fault, name);
        // The failed step's container went with it: the data root has its space back.
        const free = execFileSync("df", ["-B1", "--output=avail", SMALL_DATA_ROOT]).toString();
        expect(Number(free.trim().split("\n")[1])).toBeGreaterThan(20 * 2 ** 20);
      } finally {
        await engine("normal-root");
      }
    },
  );

  faultTest(
    "the Docker data root full at a deploy: failed naming the full disk (network create, container create), nothing half-created, /api/health true",
    "Docker data root full at a deploy",
    async () => {
      const fault = "Docker data root full at a deploy";
      // The first call that writes to the data root fails: with a network of its own, the network's
      // create; with none (network_mode: none), the container's create.
      const withNetwork = project();
      const withoutNetwork = project();
      const cases = [
        {
          topology: fixtureTopology({ project: withNetwork, services: [fixtureService({ name: "app" })] }),
          sentence: /^the Docker engine's disk is full \(.*local-kv\.db: no space left on device\)/,
        },
        {
          topology: fixtureTopology({
            project: withoutNetwork,
            networks: [],
            services: [fixtureService({ name: "app", networks: [], networkMode: "none" })],
          }),
          sentence: /^app: the Docker engine's disk is full \(.*no space left on device\)/,
        },
      ];
      const ballast = { dir: SMALL_DATA_ROOT, name: "ballast" };
      await engine("small-root", "48m");
      try {
        // Nothing left for what a deploy writes there (the network store, a container's config and layer).
        fillDisk({ ...ballast, leaveBytes: 0 });
        for (const { topology, sentence } of cases) {
          const started = startApprovedDeploy({ topology, strategy: "dag", awaitDockerHealth: false });
          tally.expectRun(fault, started.runId, "failed");
          const result = await started.done;
          expect(result.status).toBe("failed");
          expect(result.error?.message).toMatch(sentence);
          expect(result.error?.message).toMatch(/docker system df/);
          expect(result.cleanup?.state).toBe("done");
          await journal().done(started.runId);
          // What the Runs page reads: the stored run's error, the same sentence.
          const storedError = (await stored(started.runId))?.error ?? "{}";
          expect((JSON.parse(storedError) as { message?: string }).message).toBe(result.error?.message);
          await tally.countLeftovers(fault, topology.project);
        }
        // What /api/health says is true: the engine answers, the panel's database takes writes.
        expect(await panelHealth()).toMatchObject({
          docker: { reachable: true },
          database: { writable: true, error: null },
        });
      } finally {
        unfillDisk(ballast);
        await engine("normal-root");
      }
    },
  );
});

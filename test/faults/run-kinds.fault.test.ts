// Faults during every kind of run besides a deploy (issue 27): the panel SIGKILLed, and the engine
// restarted, during a scale, a latency test and a batch. Each goes through the real /api/v1 routes
// on a copy of the optimized cluster's nodes and load balancer (test/fixtures/api-v1-panel.ts) on
// the private engine: the run is stored with a true outcome (interrupted after a kill; a stated end
// after a restart), the documented recovery (Tear down) leaves nothing, and no route answers 5xx.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, dataOf, name, project, setUpApiPanel } from "../fixtures/api-v1-panel";
import { apiToken, apiUser } from "../fixtures/scratch-panel";
import { createTally, restartEngine, until } from "./fault-support";

if (!process.env.DOCKER_HOST?.includes("faults-docker"))
  throw new Error("run me through scripts/ci/labs/faults.lab");
setUpApiPanel();
/** The read routes a script keeps asking during a run: asked through every fault. */
const probeApi = async () =>
  Promise.all(
    ["/api/v1/status", "/api/v1/runs"].map(async (path) => ({
      route: `GET ${path}`,
      status: (await as("operator", { method: "GET", path })).status,
    })),
  );
const tally = createTally({ probe: probeApi });
let childToken = "";
beforeAll(async () => {
  const user = await apiUser({ username: "kinds-operator", role: "operator" });
  childToken = await apiToken({ user, name: "crash child" });
});
afterAll(async () => {
  const report = await tally.report();
  console.log(
    `run kinds: ${report.runs} runs; lost runs: ${report.lost}, leftovers: ${report.leftovers}, 5xx: ${report.serverErrors}`,
  );
  for (const line of [...report.lines, ...report.details]) console.log(`  ${line}`);
  expect(report).toMatchObject({ lost: 0, leftovers: 0, serverErrors: 0, unchecked: 0 });
});

const prisma = async () => (await import("@/lib/db/client")).getPrisma();
const TERMINAL_MS = 240_000;

/** POSTs an /api/v1 action as the operator; the answer is noted in the tally. */
const post = async (fault: string, path: string, body: unknown) => {
  const answer = await as("operator", { method: "POST", path: `/api/v1${path}`, body });
  tally.noteAnswer(fault, path, answer.status);
  return answer;
};

/** The stored run once it left "running". */
const settled = async (runId: string) =>
  until(async () => {
    const row = await (await prisma()).run.findUnique({ where: { id: runId } });
    return row && row.status !== "running" ? row : null;
  }, TERMINAL_MS);

const deployCluster = async (fault: string) => {
  const answer = await post(`${fault} (deploy)`, "/deploy", { topology: name, strategy: "dag" });
  expect(answer.status).toBe(202);
  const { runId } = dataOf<{ runId: string }>(answer);
  expect((await settled(runId)).status).toBe("healthy");
  tally.expectRun(`${fault} (deploy)`, runId, "healthy");
};

/** The documented recovery: Tear down (with volumes); then nothing of the project is left. */
const tearDown = async (fault: string) => {
  const answer = await post(`${fault} (teardown)`, "/teardown", { topology: name, removeVolumes: true });
  expect(answer.status).toBe(202);
  const { runId } = dataOf<{ runId: string }>(answer);
  const row = await settled(runId);
  expect(row.status, row.error ?? "").toBe("torn_down");
  tally.expectRun(`${fault} (teardown)`, runId, "torn_down");
  await tally.countLeftovers(fault, project);
};

/** Resolves once the project's containers (ids and states) read the same twice, a second apart. */
const untilProjectSettles = async () => {
  const { findProjectContainers } = await import("@/lib/docker/project-objects");
  const read = async () =>
    JSON.stringify((await findProjectContainers({ project })).map((c) => [c.id, c.state]).sort());
  let last = await read();
  await until(async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const now = await read();
    const same = now === last;
    last = now;
    return same ? true : null;
  }, 30_000);
};

/** Starts a child panel that POSTs an /api/v1 action; answers its accepted answer's data and its kill. */
const startChild = async <T>(fault: string, path: string, body: unknown) => {
  const child = spawn("npx", ["tsx", "test/fixtures/run-child.ts", path, JSON.stringify(body)], {
    env: { ...process.env, RUN_CHILD_TOKEN: childToken },
    stdio: ["ignore", "pipe", "inherit"],
    detached: true,
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const line = await until(async () => /^answer (\d+) (.*)$/m.exec(output), 120_000);
  tally.noteAnswer(fault, path, Number(line[1]));
  expect(line[1], line[2]).toBe("202");
  // npx → tsx → node: kill the whole group, as an OOM kill or a power cut would.
  const kill = () => process.kill(-(child.pid as number), "SIGKILL");
  return { data: (JSON.parse(line[2] ?? "{}") as { data: T }).data, kill };
};

/** Runs an /api/v1 action in a child panel and SIGKILLs it once the run is stored in flight. */
const startAndKillChild = async (fault: string, path: string, body: unknown, killAfterMs: number) => {
  const { data, kill } = await startChild<{ runId?: string; firstRunId?: string }>(fault, path, body);
  const runId = data.runId ?? data.firstRunId ?? "";
  await until(async () => (await prisma()).run.findFirst({ where: { id: runId, status: "running" } }));
  await new Promise((resolve) => setTimeout(resolve, killAfterMs));
  kill();
  const { reconcileAtBoot } = await import("@/lib/recording");
  // The restarted panel's reconcile (the kill lands within moments; the process is then gone).
  await until(async () => ((await reconcileAtBoot()).interruptedRuns.includes(runId) ? true : null), 10_000);
  tally.expectRun(fault, runId, "interrupted");
  const row = await (await prisma()).run.findUniqueOrThrow({ where: { id: runId } });
  expect(row.status).toBe("interrupted");
  // What the killed panel had asked of the engine still lands (a create, a start): the restarted
  // panel's operator acts once the project's containers stop changing, as seconds of restart give.
  await untilProjectSettles();
  return runId;
};

const KINDS = [
  { kind: "scale", path: "/scale", body: { topology: name, direction: "up", count: 1 }, killAfterMs: 0 },
  {
    kind: "latency test",
    path: "/latency",
    body: { topology: name, requests: 10_000, concurrency: 2, durationS: 10 },
    killAfterMs: 2_000,
  },
  { kind: "batch", path: "/batches", body: { topology: name, strategy: "dag", times: 2 }, killAfterMs: 0 },
] as const;

describe("faults during a scale, a latency test and a batch", () => {
  for (const { kind, path, body, killAfterMs } of KINDS) {
    const killed = `panel killed during a ${kind}`;
    it(`${killed}: interrupted; Tear down leaves nothing`, () =>
      tally.during(killed, async () => {
        const fault = killed;
        // A batch deploys the cluster itself; the others act on a running one.
        if (kind !== "batch") await deployCluster(fault);
        await startAndKillChild(fault, path, body, killAfterMs);
        await tearDown(fault);
      }));

    const restarted = `engine restart during a ${kind}`;
    it(`engine restarted during a ${kind}: a stated end stored; Tear down leaves nothing`, () =>
      tally.during(restarted, async () => {
        const fault = restarted;
        if (kind !== "batch") await deployCluster(fault);
        const answer = await post(fault, path, body);
        expect(answer.status).toBe(202);
        const data = dataOf<{ runId?: string; firstRunId?: string; batchId?: string }>(answer);
        const runId = data.runId ?? data.firstRunId ?? "";
        if (killAfterMs > 0) await new Promise((resolve) => setTimeout(resolve, killAfterMs));
        await restartEngine();
        const row = await settled(runId);
        // The end a person reads is a stated one: it finished before the restart took its
        // containers, or failed saying why (never left "running" or lost).
        expect(["healthy", "failed"]).toContain(row.status);
        if (row.status === "failed") expect(row.error ?? "").not.toBe("");
        tally.expectRun(fault, runId, row.status);
        if (data.batchId) {
          const batchId = data.batchId;
          const batch = await until(async () => {
            const found = await (await prisma()).batch.findUnique({ where: { id: batchId } });
            return found && found.status !== "running" ? found : null;
          }, TERMINAL_MS);
          expect(["done", "stopped"]).toContain(batch.status);
          const runs = await (await prisma()).run.findMany({ where: { batchId } });
          for (const run of runs) expect(run.status, run.id).not.toBe("running");
        }
        await tearDown(fault);
      }));
  }

  const fault = "panel killed during an experiment";
  it(`${fault}: the cut repetition discarded and named, the experiment resumed to its end; nothing left`, () =>
    tally.during(fault, async () => {
      const variants = [
        { topology: name, strategy: "sequential" },
        { topology: name, strategy: "dag" },
      ];
      const body = { name: "fault lab", variants, repetitions: 2, seed: 2727 };
      const { data, kill } = await startChild<{ id: string }>(fault, "/experiments", body);
      const { getExperiment } = await import("@/lib/db/experiments");
      // Killed while the first repetition's deploy is in flight.
      const cut = await until(async () => {
        const e = await getExperiment({ id: data.id });
        const running = e?.repetitions.find((r) => r.status === "running" && r.runId);
        if (!running?.runId) return null;
        const run = await (await prisma()).run.findUnique({ where: { id: running.runId } });
        return run?.status === "running" ? running : null;
      }, TERMINAL_MS);
      kill();
      const cutRunId = cut.runId as string;
      // The restarted panel's boot: reconcile the runs, then resume the experiments.
      const { reconcileAtBoot } = await import("@/lib/recording");
      await until(
        async () => ((await reconcileAtBoot()).interruptedRuns.includes(cutRunId) ? true : null),
        10_000,
      );
      tally.expectRun(fault, cutRunId, "interrupted");
      await untilProjectSettles();
      const { resumeExperimentsAtBoot } = await import("@/lib/operations/experiment");
      expect(await resumeExperimentsAtBoot()).toContain(data.id);
      const finished = await until(async () => {
        const e = await getExperiment({ id: data.id });
        return e && !["queued", "running"].includes(e.status) ? e : null;
      }, 2 * TERMINAL_MS);
      // What the experiment's page reads: done, the cut repetition discarded naming its run.
      expect(finished.status, finished.reason ?? "").toBe("done");
      const discarded = finished.repetitions.find((r) => r.slot === cut.slot);
      expect(discarded).toMatchObject({
        status: "discarded",
        reason: `cut by a panel restart (run ${cutRunId}): discarded, the next repetition follows`,
      });
      for (const r of finished.repetitions.filter((r) => r.slot !== cut.slot)) {
        expect(r.status).toBe("done");
        tally.expectRun(fault, r.runId as string, "healthy");
      }
      const answer = await as("viewer", { method: "GET", path: `/api/v1/experiments/${data.id}` });
      tally.noteAnswer(fault, "/experiments/{id}", answer.status);
      expect(answer.status).toBe(200);
      // Each repetition ends with its teardown: nothing of the project is left.
      await tally.countLeftovers(fault, project);
    }));
});

// Faults an operator meets, injected into real deploys on a private Docker engine (DOCKER_HOST set
// by scripts/ci/labs/faults.lab): each asserts the run is stored with the right outcome and that,
// after the panel's own reconcile or cleanup, nothing of it is left. Prints the tally at the end.
import { afterAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db/client";
import { startDeploy, startTeardown } from "@/lib/deploy";
import { liveRunResult } from "@/lib/deploy/live-results";
import { getDocker } from "@/lib/docker/client";
import { projectFilter } from "@/lib/docker/labels";
import { actOnLeftovers } from "@/lib/operations/leftover-actions";
import { reconcileAtBoot } from "@/lib/recording";
import { deployAndKillChild } from "../fixtures/child-panel";
import { purgeProject, uniqueProject } from "../fixtures/deploy-support";
import {
  createTally,
  freePort,
  holdPort,
  restartEngine,
  runningContainers,
  setReadOnly,
  twoServiceTopology,
  until,
} from "./fault-support";
import { testPrincipal } from "../fixtures/principal";
import { runJournal, scratchDatabase, scratchFolder } from "../fixtures/scratch-panel";

if (!process.env.DOCKER_HOST?.includes("faults-docker"))
  throw new Error("run me through scripts/ci/labs/faults.lab");
// Its folder is made read-only by a fault below.
const dbDir = scratchFolder("faults-db-");
scratchDatabase({ dir: dbDir });
const journal = runJournal({ onError: (error, runId) => console.error(`journal: run ${runId}:`, error) });
const tally = createTally();
const projects: string[] = [];
const project = () => {
  const name = uniqueProject().replace("deploytest", "faulttest");
  projects.push(name);
  return name;
};
const principal = testPrincipal({ username: "faults", role: "operator" });
const stored = (runId: string) => getPrisma().run.findUnique({ where: { id: runId } });

afterAll(async () => {
  // Stopped before the tally: a run the journal had not stored by now counts as lost.
  journal().stop();
  const report = await tally.report();
  console.log(`fault suite: ${report.runs} runs; lost runs: ${report.lost}, leftovers: ${report.leftovers}`);
  for (const line of report.details) console.log(`  ${line}`);
  for (const name of projects) await purgeProject(name);
  expect(report).toMatchObject({ lost: 0, leftovers: 0 });
});

describe("fault suite", () => {
  it("panel killed mid-deploy, then restarted: interrupted, leftovers torn down from the dashboard's action", async () => {
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
  });

  it("engine restarted mid-deploy: failed, not resurrected, cleaned once the engine is back", async () => {
    const name = project();
    const started = startDeploy({
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
  });

  it("engine restarted mid-teardown: the teardown goes over the project again once the engine is back", async () => {
    const name = project();
    const deploy = await startDeploy({
      topology: twoServiceTopology({ project: name }),
      strategy: "dag",
      awaitDockerHealth: false,
    }).done;
    expect(deploy.status).toBe("healthy");
    tally.expectRun("engine restart mid-teardown (deploy)", deploy.runId, "healthy");
    // httpd as PID 1 ignores SIGTERM: each stop takes its full 8 s, the window for the restart.
    const teardown = startTeardown({ project: name, removeVolumes: true, stopTimeoutSeconds: 8 });
    tally.expectRun("engine restart mid-teardown", teardown.runId, "torn_down");
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await restartEngine();
    expect(await teardown.done).toMatchObject({ status: "torn_down", error: null });
    await journal().done(teardown.runId);
    await tally.countLeftovers("engine restart mid-teardown", name);
  });

  it("a container killed mid-deploy: failed, cleaned up", async () => {
    const name = project();
    const started = startDeploy({
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

  it("a port taken by another process between preflight and start: failed, cleaned up", async () => {
    const name = project();
    const port = await freePort();
    // db takes 3 s to be ready; app (publishing the port) starts after it: the port goes in between.
    const topology = twoServiceTopology({ project: name, appPort: port });
    const db = topology.services[0];
    if (db) db.command = ["sh", "-c", "sleep 3; exec httpd -f -p 8080 -h /www"];
    const started = startDeploy({ topology, strategy: "dag", awaitDockerHealth: false });
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
  });

  it("the database's disk read-only mid-deploy: the run is stored once it is writable again", async () => {
    const name = project();
    await setReadOnly(dbDir, true);
    let runId = "";
    try {
      const started = startDeploy({
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
    const run = await getPrisma().run.findUniqueOrThrow({ where: { id: runId }, include: { events: true } });
    expect(run.status).toBe("healthy");
    expect(run.events.some((e) => e.type === "run_finished")).toBe(true);
    const teardown = await startTeardown({ project: name, removeVolumes: true, stopTimeoutSeconds: 0 }).done;
    tally.expectRun("database read-only (teardown)", teardown.runId, "torn_down");
    await journal().done(teardown.runId);
    await tally.countLeftovers("database read-only", name);
  });

  it("two deploys clicked at once: one runs, the other is refused naming it", async () => {
    const name = project();
    const attempts = [0, 1].map(() => {
      try {
        return startDeploy({
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
    const teardown = await startTeardown({ project: name, removeVolumes: true, stopTimeoutSeconds: 0 }).done;
    tally.expectRun("two deploys (teardown)", teardown.runId, "torn_down");
    await journal().done(first.runId);
    await journal().done(teardown.runId);
    expect(await getPrisma().run.count({ where: { project: name, kind: "deploy" } })).toBe(1);
    await tally.countLeftovers("two deploys", name);
  });
});

// The recording module against a fresh SQLite file with the committed migrations: a run is stored
// while it runs (status "running", timings and events within a second), its verdict and cleanup at
// the end; a run whose panel process died is marked interrupted at boot.
import { afterAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db/client";
import { startTeardown } from "@/lib/deploy";
import { getDocker } from "@/lib/docker/client";
import { currentOwnerId, reconcileAtBoot } from "@/lib/recording";
import { dependsOn, fixtureService, fixtureTopology, HTTPD } from "./fixtures/fixture-topology";
import { leftovers, purgeProject, uniqueProject } from "./fixtures/deploy-support";
import { runJournal, scratchDatabase, scratchFolder } from "./fixtures/scratch-panel";
import { startApprovedDeploy } from "./fixtures/approved-deploy";

scratchDatabase({ dir: scratchFolder("deploytest-db-") });
const journal = runJournal();
const projects = [uniqueProject(), uniqueProject(), uniqueProject()];

afterAll(async () => {
  for (const project of projects) await purgeProject(project);
});

const until = async <T>(read: () => Promise<T | null>, timeoutMs = 20_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe("run recording", () => {
  it("stores a deploy while it runs, then its verdict; the file's restart policy only once ready", async () => {
    const project = projects[0] as string;
    const topology = fixtureTopology({
      project,
      services: [
        fixtureService({ name: "db", restart: "unless-stopped" }),
        // Ready 3 s after start: long enough to look at the run while it is in flight.
        fixtureService({
          name: "app",
          dependsOn: [dependsOn("db")],
          command: ["sh", "-c", `sleep 3; exec ${HTTPD.join(" ")}`],
        }),
      ],
    });
    const started = startApprovedDeploy({
      topology,
      strategy: "dag",
      fitScale: { cpu: 0.5, memory: 1 },
      awaitDockerHealth: false,
      settings: { topology: "fixture" },
    });
    const prisma = getPrisma();
    // In flight: the row exists as running, with its owner, timings and events so far.
    const running = await until(async () => {
      const run = await prisma.run.findUnique({
        where: { id: started.runId },
        include: { services: true, events: true },
      });
      return run?.services.some((s) => s.service === "db" && s.readyAtMs !== null) ? run : null;
    });
    expect(running).toMatchObject({ status: "running", ownerId: currentOwnerId(), totalMs: null });
    expect(running.events.some((event) => event.type === "run_started")).toBe(true);
    expect(running.reachedState).toMatch(/starting phase/);
    const [db] = await getDocker().listContainers({
      all: true,
      filters: { label: [`com.docker.compose.project=${project}`, "com.docker.compose.service=db"] },
    });
    const whileStarting = await getDocker()
      .getContainer(db?.Id ?? "")
      .inspect();
    expect(whileStarting.HostConfig.RestartPolicy?.Name).toBe("no");

    const deploy = await started.done;
    await journal().done(deploy.runId);
    const run = await prisma.run.findUniqueOrThrow({
      where: { id: deploy.runId },
      include: { phases: true, services: true, events: { orderBy: { t: "asc" } } },
    });
    expect(run).toMatchObject({ topology: "fixture", status: "healthy", kind: "deploy", fitCpuScale: 0.5 });
    expect(run.totalMs).toBeCloseTo(deploy.totalMs);
    expect(run.hostCpus).toBeGreaterThan(0);
    expect(run.services.every((s) => s.readyAtMs !== null && s.createdAtMs !== null)).toBe(true);
    expect(run.engineVersion).toMatch(/\d+\.\d+/);
    expect(run.services.map((service) => service.service).sort()).toEqual(["app", "db"]);
    // Docker's clock and the probe that decided readiness, stored beside the panel's marks.
    expect(run.services.every((s) => s.engineCreatedAtMs !== null && s.engineStartedAtMs !== null)).toBe(
      true,
    );
    expect(run.services.map((s) => s.probeKind)).toEqual(["exec", "exec"]);
    expect(run.events[0]?.type).toBe("run_started");
    expect(run.events.at(-1)?.type).toBe("run_finished");
    // Each event once, although it was written in several flushes.
    expect(new Set(run.events.map((e) => e.payload)).size).toBe(run.events.length);
    const ready = await getDocker()
      .getContainer(db?.Id ?? "")
      .inspect();
    expect(ready.HostConfig.RestartPolicy?.Name).toBe("unless-stopped");

    const teardown = await startTeardown({ project, stopTimeoutSeconds: 0 }).done;
    await journal().done(teardown.runId);
    const down = await prisma.run.findUniqueOrThrow({
      where: { id: teardown.runId },
      include: { services: true },
    });
    expect(down).toMatchObject({ kind: "teardown", status: "torn_down", topology: project });
    expect(down.services.every((s) => s.removedAtMs !== null)).toBe(true);
  });

  it("records a failed run's cleanup as done only once Docker lists nothing of it", async () => {
    const project = projects[1] as string;
    const topology = fixtureTopology({
      project,
      volumes: [{ name: "data", dockerName: `${project}_data`, external: false, driver: "local" }],
      services: [
        fixtureService({ name: "db", restart: "always" }),
        fixtureService({ name: "broken", dependsOn: [dependsOn("db")], command: ["sh", "-c", "exit 3"] }),
      ],
    });
    const result = await startApprovedDeploy({ topology, strategy: "dag", awaitDockerHealth: false }).done;
    expect(result.status).toBe("failed");
    expect(result.cleanup).toMatchObject({ state: "done" });
    await journal().done(result.runId);
    const run = await getPrisma().run.findUniqueOrThrow({ where: { id: result.runId } });
    expect(run).toMatchObject({ status: "failed", cleanupState: "done", cleanupLeftovers: null });
    expect(await leftovers(project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  it("marks runs of a dead panel process interrupted at boot, and leaves a live one alone", async () => {
    const prisma = getPrisma();
    const [boot] = currentOwnerId().split(":");
    const base = { topology: "t", strategy: "dag", kind: "deploy", project: projects[2] as string };
    await prisma.run.create({
      data: {
        ...base,
        id: "dead-run",
        status: "running",
        ownerId: `${boot}:999999:1`,
        reachedState: "preparing",
      },
    });
    await prisma.run.create({
      data: { ...base, id: "live-run", status: "running", ownerId: currentOwnerId() },
    });
    await prisma.batch.create({
      data: {
        id: "dead-batch",
        times: 3,
        request: "{}",
        by: "x",
        status: "running",
        completed: 1,
        ownerId: null,
      },
    });
    const report = await reconcileAtBoot();
    expect(report).toEqual({ interruptedRuns: ["dead-run"], interruptedBatches: ["dead-batch"] });
    const dead = await prisma.run.findUniqueOrThrow({ where: { id: "dead-run" } });
    expect(dead).toMatchObject({ status: "interrupted", reachedState: "preparing", cleanupState: "pending" });
    expect(JSON.parse(dead.error ?? "{}").message).toMatch(/stopped while this deploy was preparing/);
    expect((await prisma.run.findUniqueOrThrow({ where: { id: "live-run" } })).status).toBe("running");
    expect(await prisma.batch.findUniqueOrThrow({ where: { id: "dead-batch" } })).toMatchObject({
      status: "interrupted",
      completed: 1,
    });
  });
});

// The run recorder against a fresh SQLite file with the committed migrations: a real deploy and
// teardown of a tiny fixture are stored with their phases, service timings and events.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import { recordRun, startRunRecorder } from "@/lib/db/run-recorder";
import { startDeploy, startTeardown } from "@/lib/deploy";
import { dependsOn, fixtureService, fixtureTopology } from "./fixtures/fixture-topology";
import { purgeProject, uniqueProject } from "./fixtures/deploy-support";

const url = `file:${join(mkdtempSync(join(tmpdir(), "deploytest-db-")), "runs.db")}`;
let prisma: PrismaClient;
const project = uniqueProject();

beforeAll(() => {
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: "pipe",
  });
  prisma = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
});

afterAll(async () => {
  await prisma.$disconnect();
  await purgeProject(project);
});

describe("run recorder", () => {
  it("stores a deploy and a teardown from the bus, with timings, events and host facts", async () => {
    const recorder = startRunRecorder({ prisma });
    const topology = fixtureTopology({
      project,
      services: [
        fixtureService({ name: "db" }),
        fixtureService({ name: "app", dependsOn: [dependsOn("db")] }),
      ],
    });
    const deploy = await startDeploy({
      topology,
      strategy: "dag",
      fitScale: { cpu: 0.5, memory: 1 },
      awaitDockerHealth: false,
      settings: { topology: "fixture" },
    }).done;
    await recorder.done(deploy.runId);
    const teardown = await startTeardown({ project, stopTimeoutSeconds: 0 }).done;
    await recorder.done(teardown.runId);

    const run = await prisma.run.findUniqueOrThrow({
      where: { id: deploy.runId },
      include: { phases: true, services: true, events: { orderBy: { t: "asc" } } },
    });
    expect(run).toMatchObject({
      topology: "fixture",
      strategy: "dag",
      status: "healthy",
      kind: "deploy",
      project,
      fitCpuScale: 0.5,
      fitMemoryScale: 1,
    });
    expect(run.totalMs).toBeCloseTo(deploy.totalMs);
    expect(run.hostCpus).toBeGreaterThan(0);
    expect(run.engineVersion).toMatch(/\d+\.\d+/);
    expect(run.services.map((service) => service.service).sort()).toEqual(["app", "db"]);
    expect(run.services.every((service) => service.readyAtMs !== null && service.createdAtMs !== null)).toBe(
      true,
    );
    // Docker's clock and the probe that decided readiness, stored beside the panel's marks.
    expect(run.services.every((s) => s.engineCreatedAtMs !== null && s.engineStartedAtMs !== null)).toBe(
      true,
    );
    expect(run.services.map((s) => s.probeKind)).toEqual(["exec", "exec"]);
    expect(run.phases.length).toBeGreaterThan(0);
    expect(run.events[0]?.type).toBe("run_started");
    expect(run.events.at(-1)?.type).toBe("run_finished");
    expect(JSON.parse(run.settings ?? "{}")).toMatchObject({ strategy: "dag", probeIntervalMs: 250 });

    const down = await prisma.run.findUniqueOrThrow({
      where: { id: teardown.runId },
      include: { services: true },
    });
    expect(down).toMatchObject({
      kind: "teardown",
      status: "torn_down",
      strategy: "none",
      topology: project,
    });
    expect(down.services.every((service) => service.removedAtMs !== null)).toBe(true);
    recorder.stop();
  });

  it("stores a failed run's error and is idempotent for the same run id", async () => {
    const result = {
      runId: "run-failed-1",
      kind: "deploy" as const,
      project: "p",
      strategy: "phased" as const,
      status: "failed" as const,
      startedAt: new Date().toISOString(),
      totalMs: 1234,
      cleanupMs: 50,
      services: [],
      phases: [],
      fitScale: null,
      topologyHash: "abc",
      error: { message: "db turned unhealthy", service: "db", logTail: ["boom"], healthOutput: "refused" },
      created: { containers: [], networks: [], volumes: [] },
      settings: {},
    };
    await recordRun({ result, prisma });
    await recordRun({ result: { ...result, totalMs: 1300 }, prisma });
    const rows = await prisma.run.findMany({ where: { id: "run-failed-1" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.totalMs).toBe(1300);
    expect(JSON.parse(rows[0]?.error ?? "null")).toEqual(result.error);
  });
});

// The startup prediction after real deploys of a small fixture topology: lib/prediction reads the
// stored runs (same file, strategy, fit, engine, host and data state), flags a service never
// measured, falls back to other strategies' runs when the asked one has none, and the what-if moves.
import { afterAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db/client";
import { startTeardown } from "@/lib/deploy";
import { measuredStartupMs } from "@/lib/prediction/errors";
import { loadPrediction } from "@/lib/prediction/load";
import { startApprovedDeploy } from "./fixtures/approved-deploy";
import { purgeProject, uniqueProject } from "./fixtures/deploy-support";
import { dependsOn, fixtureService, fixtureTopology, HTTPD } from "./fixtures/fixture-topology";
import { runJournal, scratchDatabase, scratchFolder } from "./fixtures/scratch-panel";

scratchDatabase({ dir: scratchFolder("prediction-db-") });
const journal = runJournal();
const project = uniqueProject();
const name = `prediction-${project}`;

afterAll(async () => {
  await purgeProject(project);
});

// db ready within a second or two; app waits for db healthy, then serves after 2 s.
const topology = fixtureTopology({
  project,
  services: [
    fixtureService({ name: "db" }),
    fixtureService({
      name: "app",
      dependsOn: [dependsOn("db")],
      command: ["sh", "-c", `sleep 2; exec ${HTTPD.join(" ")}`],
    }),
  ],
});

const deployOnce = async () => {
  const started = startApprovedDeploy({
    topology,
    strategy: "dag",
    probeIntervalMs: 100,
    awaitDockerHealth: false,
    settings: { topology: name },
    conditions: { fitMode: "none", fitChanges: [], freshData: false, dataState: "none", data: [] },
  });
  const result = await started.done;
  await journal().done(result.runId);
  expect(result.status).toBe("healthy");
  const teardown = await startTeardown({ project, stopTimeoutSeconds: 0 }).done;
  await journal().done(teardown.runId);
  return result.runId;
};

describe("startup prediction from stored runs", () => {
  it("reads two real deploys: medians per service, the path through the gate, the measured time", async () => {
    const runIds = [await deployOnce(), await deployOnce()];
    const prediction = await loadPrediction({
      name,
      topology,
      strategy: "dag",
      fitMode: "none",
      dataState: "none",
    });
    expect(prediction.basis.kind).toBe("same-strategy");
    expect([...prediction.basis.runIds].sort()).toEqual([...runIds].sort());
    expect(prediction.neverMeasured).toEqual([]);
    expect(prediction.services.map((s) => [s.service, s.source, s.n])).toEqual([
      ["db", "measured", 2],
      ["app", "measured", 2],
    ]);
    // app waits for db ready, then sleeps 2 s before it serves: the path is db → app.
    expect(prediction.criticalPath.map((l) => l.service)).toEqual(["db", "app"]);
    const app = prediction.criticalPath[1];
    expect((app?.readyMs ?? 0) - (app?.startMs ?? 0)).toBeGreaterThanOrEqual(2_000);
    // Against what the runs measured (first create → all ready): the same order of magnitude.
    const runs = await getPrisma().run.findMany({ where: { id: { in: runIds } } });
    const measured = runs.map(measuredStartupMs).filter((ms): ms is number => ms !== null);
    expect(measured).toHaveLength(2);
    for (const ms of measured) {
      expect(prediction.predictedMs).toBeGreaterThan(ms * 0.5);
      expect(prediction.predictedMs).toBeLessThan(ms * 2);
    }

    // Another fit mode is another condition: no runs, every service on its health check's timing.
    const otherFit = await loadPrediction({ name, topology, strategy: "dag", fitMode: "clamp" });
    expect(otherFit.basis.kind).toBe("none");
    expect(otherFit.neverMeasured).toEqual(["db", "app"]);

    // No sequential run yet: the dag runs stand in, and say so.
    const sequential = await loadPrediction({ name, topology, strategy: "sequential", fitMode: "none" });
    expect(sequential.basis.kind).toBe("other-strategies");
    expect(sequential.neverMeasured).toEqual([]);

    // A service added to the file since (same hash here: the fixture's) was never measured: flagged.
    const grown = fixtureTopology({
      project,
      services: [...topology.services, fixtureService({ name: "extra", dependsOn: [dependsOn("app")] })],
    });
    const flagged = await loadPrediction({ name, topology: grown, strategy: "dag", fitMode: "none" });
    expect(flagged.neverMeasured).toEqual(["extra"]);
    expect(flagged.criticalPath.at(-1)?.service).toBe("extra");

    // What-if: app at a quarter of a CPU with no limit today slows its start.
    const slower = await loadPrediction({
      name,
      topology,
      strategy: "dag",
      fitMode: "none",
      override: { service: "app", cpus: 0.25 },
    });
    expect(slower.predictedMs).toBeGreaterThan(prediction.predictedMs);

    // A deploy with its own limits is another condition (issue 29): a copy of a stored run whose
    // settings carry `limits` and whose app took a minute is the basis of a deploy with those limits
    // only, and never of one with the file's values.
    const prisma = getPrisma();
    const source = await prisma.run.findUniqueOrThrow({ where: { id: runIds[0] ?? "" } });
    const limited = await prisma.run.create({
      data: {
        ...source,
        id: `${source.id}-limited`,
        startedAt: new Date(source.startedAt.getTime() + 1),
        settings: JSON.stringify({ topology: name, limits: { app: { cpus: 0.5 } } }),
      },
    });
    const timings = await prisma.serviceTiming.findMany({ where: { runId: source.id } });
    await prisma.serviceTiming.createMany({
      data: timings.map(({ id: _id, ...t }) => ({
        ...t,
        runId: limited.id,
        ...(t.service === "app" ? { readyAtMs: (t.runningAtMs ?? 0) + 60_000 } : {}),
      })),
    });
    const asFiled = await loadPrediction({
      name,
      topology,
      strategy: "dag",
      fitMode: "none",
      dataState: "none",
    });
    expect([...asFiled.basis.runIds].sort()).toEqual([...runIds].sort());
    expect(asFiled.predictedMs).toBe(prediction.predictedMs);
    const withLimits = await loadPrediction({
      name,
      topology,
      strategy: "dag",
      fitMode: "none",
      dataState: "none",
      overrides: { limits: { app: { cpus: 0.5 } }, tuning: {} },
    });
    expect(withLimits.basis.runIds).toEqual([limited.id]);
    expect(withLimits.basis.conditions.overrides).toMatchObject({ limits: { app: { cpus: 0.5 } } });
    expect(withLimits.predictedMs).toBeGreaterThan(60_000);
  });
});

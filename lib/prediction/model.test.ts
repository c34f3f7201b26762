import { describe, expect, it } from "vitest";
import { planDeploy } from "@/lib/deploy/plan";
import { dependsOn, fixtureService, fixtureTopology } from "@/test/fixtures/fixture-topology";
import { predictStartup, UNMEASURED_START_MS, type ServiceEstimate } from "./model";
import { fallbackEstimate } from "./estimates";
import { applyResourceOverride } from "./what-if";

const measured = (ms: number, startedMs = 100): ServiceEstimate => ({
  ms,
  startedMs,
  source: "measured",
  n: 3,
});

// db ← api ← lb; cache ← api; metrics alone. api waits for db and cache healthy, lb for api started.
const topology = fixtureTopology({
  project: "prediction-fixture",
  services: [
    fixtureService({ name: "db" }),
    fixtureService({ name: "cache" }),
    fixtureService({ name: "api", dependsOn: [dependsOn("db"), dependsOn("cache")] }),
    fixtureService({ name: "lb", dependsOn: [dependsOn("api", "service_started")] }),
    fixtureService({ name: "metrics" }),
  ],
});

const serviceMs: Record<string, ServiceEstimate> = {
  db: measured(4_000),
  cache: measured(1_000),
  api: measured(3_000, 500),
  lb: measured(800),
  metrics: measured(2_000),
};

const predict = (strategy: "sequential" | "phased" | "dag", costs = serviceMs) =>
  predictStartup({ steps: planDeploy({ topology, strategy }).steps, serviceMs: costs, strategy });

describe("predictStartup", () => {
  it("dag: the critical path follows the after edges that released each start", () => {
    const prediction = predict("dag");
    // api starts when db is ready (4 s, later than cache's 1 s) and is ready 3 s later; lb waits only
    // for api started (+0.5 s) and takes 0.8 s, so api's ready at 7 s is the last.
    expect(prediction.predictedMs).toBe(7_000);
    expect(prediction.criticalPath).toEqual([
      { service: "db", startMs: 0, readyMs: 4_000 },
      { service: "api", startMs: 4_000, readyMs: 7_000 },
    ]);
    expect(prediction.services.find((s) => s.service === "lb")).toMatchObject({
      startMs: 4_500,
      readyMs: 5_300,
    });
    expect(prediction.neverMeasured).toEqual([]);
  });

  it("a started gate ends the path at the service that waited on it when it is the last ready", () => {
    const prediction = predict("dag", { ...serviceMs, lb: measured(5_000) });
    expect(prediction.predictedMs).toBe(9_500);
    expect(prediction.criticalPath.map((l) => l.service)).toEqual(["db", "api", "lb"]);
  });

  it("sequential adds every cost one after another; dag overlaps them", () => {
    const sequential = predict("sequential");
    const dag = predict("dag");
    // Each service waits for the previous one ready: the sum of all ready times.
    expect(sequential.predictedMs).toBe(4_000 + 1_000 + 3_000 + 800 + 2_000);
    expect(sequential.criticalPath).toHaveLength(5);
    expect(dag.predictedMs).toBeLessThan(sequential.predictedMs);
    expect(sequential.strategy).toBe("sequential");
  });

  it("a service never measured falls back to its health check's timing and is flagged", () => {
    const rest = Object.fromEntries(Object.entries(serviceMs).filter(([name]) => name !== "metrics"));
    const fallback = fallbackEstimate({ service: fixtureService({ name: "metrics" }), oneShot: false });
    expect(fallback).toMatchObject({ ms: 2_000, source: "health-check", n: 0 });
    const prediction = predict("dag", { ...rest, metrics: fallback });
    expect(prediction.neverMeasured).toEqual(["metrics"]);
    // A service missing from the costs entirely is flagged too and costs the container start.
    const missing = predict("dag", rest);
    expect(missing.neverMeasured).toEqual(["metrics"]);
    expect(missing.services.find((s) => s.service === "metrics")?.readyMs).toBe(UNMEASURED_START_MS);
  });

  it("a slow never-measured service on the path moves the prediction", () => {
    const slow = fallbackEstimate({
      service: fixtureService({
        name: "metrics",
        healthcheck: { ...fixtureService({ name: "x" }).healthcheck!, startPeriodMs: 30_000 },
      }),
      oneShot: false,
    });
    const prediction = predict("dag", { ...serviceMs, metrics: slow });
    expect(prediction.predictedMs).toBe(30_000);
    expect(prediction.criticalPath).toEqual([{ service: "metrics", startMs: 0, readyMs: 30_000 }]);
  });
});

describe("applyResourceOverride", () => {
  const resources = {
    db: {
      cpusLimit: 0.5,
      memoryLimitBytes: 512 * 2 ** 20,
      cpuPeakCores: 0.5,
      memoryPeakBytes: 300 * 2 ** 20,
    },
    api: { cpusLimit: 2, memoryLimitBytes: null, cpuPeakCores: 0.4, memoryPeakBytes: 100 * 2 ** 20 },
  };
  const base = {
    serviceMs,
    resources: { ...resources, cache: resources.api, lb: resources.api, metrics: resources.api },
  };

  it("doubling the CPU of a start held at its limit halves it, and the predicted path moves", () => {
    const outcome = applyResourceOverride({ ...base, override: { service: "db", cpus: 1 }, hostCpus: 4 });
    expect(outcome.serviceMs.db?.ms).toBe(2_000);
    const prediction = predict("dag", outcome.serviceMs);
    expect(prediction.predictedMs).toBe(5_000);
    expect(prediction.criticalPath[0]).toEqual({ service: "db", startMs: 0, readyMs: 2_000 });
  });

  it("more CPU for a start that never reached its limit changes nothing; less than it used slows it", () => {
    const more = applyResourceOverride({ ...base, override: { service: "api", cpus: 4 }, hostCpus: 4 });
    expect(more.serviceMs.api?.ms).toBe(3_000);
    expect(more.notes.join(" ")).toMatch(/below its limit/);
    const less = applyResourceOverride({ ...base, override: { service: "api", cpus: 0.2 }, hostCpus: 4 });
    expect(less.serviceMs.api?.ms).toBeCloseTo(6_000);
  });

  it("a memory limit below the measured peak is predicted to fail", () => {
    const outcome = applyResourceOverride({
      ...base,
      override: { service: "db", memoryBytes: 256 * 2 ** 20 },
      hostCpus: 4,
    });
    expect(outcome.memoryBelowPeak).toBe(true);
    expect(outcome.notes[0]).toMatch(/killed for memory/);
    const enough = applyResourceOverride({
      ...base,
      override: { service: "db", memoryBytes: 2 ** 30 },
      hostCpus: 4,
    });
    expect(enough.memoryBelowPeak).toBe(false);
    expect(enough.serviceMs.db?.ms).toBe(4_000);
  });
});

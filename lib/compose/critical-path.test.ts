import { describe, expect, it } from "vitest";
import { analyzeTopology, parseTopology } from "./index";
import type { Topology } from "./index";

const topologyOf = (text: string): Topology => {
  const result = parseTopology({ text, file: "/tmp/critical-path/docker-compose.yml", env: {} });
  if (!result.ok) throw new Error(result.errors.map((error) => error.message).join("\n"));
  return result.topology;
};

// The shape of most real files: health checks without start_period, a migration job, an app.
const REAL_WORLD = `
services:
  db:
    image: postgres
    healthcheck: { test: ["CMD", "pg_isready"], interval: 5s }
  cache:
    image: redis
    healthcheck: { test: ["CMD", "redis-cli", "ping"] }
  migrate:
    image: app
    command: migrate
    depends_on: { db: { condition: service_healthy } }
  app:
    image: app
    healthcheck: { test: ["CMD", "true"], interval: 10s, start_period: 40s }
    depends_on:
      migrate: { condition: service_completed_successfully }
      cache: { condition: service_healthy }
  worker:
    image: app
    depends_on: { app: { condition: service_started } }
`;

describe("critical path weights", () => {
  it("weighs a health check without start_period by its interval, not 0 ms", () => {
    const { criticalPath } = analyzeTopology({ topology: topologyOf(REAL_WORLD) });
    expect(criticalPath.readyMs.db).toEqual({ ms: 5_000, source: "interval" });
    // No interval: Docker's default 30 s, the time of the first check.
    expect(criticalPath.readyMs.cache).toEqual({ ms: 30_000, source: "interval" });
    expect(criticalPath.readyMs.app).toEqual({ ms: 40_000, source: "start_period" });
    expect(criticalPath.readyMs.worker).toEqual({ ms: 2_000, source: "no_healthcheck" });
  });

  it("weighs a one-shot job by its measured run time, and says when it is not measured", () => {
    const topology = topologyOf(REAL_WORLD);
    expect(analyzeTopology({ topology }).criticalPath.readyMs.migrate).toEqual({
      ms: 2_000,
      source: "job_unmeasured",
    });
    const measured = analyzeTopology({ topology, measuredReady: { migrate: { ms: 45_000, runs: 4 } } });
    expect(measured.criticalPath.readyMs.migrate).toEqual({ ms: 45_000, source: "measured_run", runs: 4 });
    // db 5 s → migrate 45 s → app 40 s = 90 s, longer than cache's 30 s.
    expect(measured.criticalPath.services).toEqual(["db", "migrate", "app"]);
    expect(measured.criticalPath.totalMs).toBe(90_000);
  });

  it("walks every link: db → migrate → app, the worker only waiting for app to run", () => {
    const { criticalPath } = analyzeTopology({ topology: topologyOf(REAL_WORLD) });
    // db 5 s, migrate +2 s = 7 s; cache 30 s is later, so cache releases app: 30 + 40 = 70 s.
    expect(criticalPath.links).toEqual([
      { service: "cache", startMs: 0, readyMs: 30_000 },
      { service: "app", startMs: 30_000, readyMs: 70_000 },
    ]);
    expect(criticalPath.totalMs).toBe(70_000);
    // The worker starts once app runs (30 s + 2 s) and is ready 2 s later: not on the path.
    expect(criticalPath.services).not.toContain("worker");
  });

  it("measured medians win over the file's health check", () => {
    const { criticalPath } = analyzeTopology({
      topology: topologyOf(REAL_WORLD),
      measuredReady: { db: { ms: 1_200, runs: 7 }, cache: { ms: 900, runs: 7 } },
    });
    expect(criticalPath.readyMs.db).toEqual({ ms: 1_200, source: "measured", runs: 7 });
    // db 1.2 s → migrate 2 s → app 40 s.
    expect(criticalPath.services).toEqual(["db", "migrate", "app"]);
    expect(criticalPath.totalMs).toBe(43_200);
  });

  it("keeps zero-weight predecessors on the chain instead of dropping them", () => {
    // Measured 0 ms (ready at once) used to leave the path empty before the first positive weight.
    const topology = topologyOf(`
services:
  a: { image: x }
  b: { image: x, depends_on: { a: { condition: service_healthy } } }
  c: { image: x, depends_on: { b: { condition: service_healthy } } }
`);
    const { criticalPath } = analyzeTopology({
      topology,
      measuredReady: { a: { ms: 0, runs: 1 }, b: { ms: 0, runs: 1 }, c: { ms: 3_000, runs: 1 } },
    });
    expect(criticalPath.services).toEqual(["a", "b", "c"]);
    expect(criticalPath.totalMs).toBe(3_000);
  });

  it("breaks ties by file order and still reports the whole chain", () => {
    const topology = topologyOf(`
services:
  first: { image: x, healthcheck: { test: ["CMD", "true"], interval: 5s } }
  second: { image: x, healthcheck: { test: ["CMD", "true"], interval: 5s } }
  app:
    image: x
    depends_on:
      second: { condition: service_healthy }
      first: { condition: service_healthy }
`);
    const { criticalPath } = analyzeTopology({ topology });
    // Both release app at 5 s; the first dependency listed under app wins.
    expect(criticalPath.services).toEqual(["second", "app"]);
    expect(criticalPath.totalMs).toBe(7_000);
  });
});

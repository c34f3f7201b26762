import { describe, expect, it } from "vitest";
import type { DeployEvent } from "./events";
import { reduceRunState, SNAPSHOT_LOG_LINES } from "./run-state";
import type { RunSnapshot } from "./run-state";

const base = { runId: "r1", project: "p", at: "2026-01-01T00:00:00.000Z" };
const fold = (events: DeployEvent[]): RunSnapshot | undefined =>
  events.reduce<RunSnapshot | undefined>((state, event) => reduceRunState(state, event), undefined);
const started: DeployEvent = {
  ...base,
  t: 0,
  type: "run_started",
  kind: "deploy",
  strategy: "phased",
  services: ["db", "app"],
  phases: [
    { name: "Foundation", services: ["db"] },
    { name: "App", services: ["app"] },
  ],
};

describe("reduceRunState", () => {
  it("starts a snapshot from run_started with every service waiting", () => {
    const state = fold([started]);
    expect(state?.run).toEqual({ state: "pending" });
    expect(state?.services.db).toMatchObject({ state: "waiting", times: { waiting: 0 } });
    expect(state?.phases).toEqual([
      { name: "Foundation", services: ["db"], startedAt: null, readyAt: null },
      { name: "App", services: ["app"], startedAt: null, readyAt: null },
    ]);
    // Events stored before the run's environment was stamped read as the panel's own engine.
    expect(state?.environmentId).toBeNull();
    expect(fold([{ ...started, environmentId: "env-b" } as DeployEvent])?.environmentId).toBe("env-b");
  });

  it("ignores events before run_started and events of other runs", () => {
    expect(fold([{ ...base, t: 1, type: "run_state", run: { state: "preparing" } }])).toBeUndefined();
    const state = fold([
      started,
      { ...base, runId: "other", t: 1, type: "run_state", run: { state: "healthy" } },
    ]);
    expect(state?.run).toEqual({ state: "pending" });
  });

  it("tracks run states, phase times and per-service first-entry times", () => {
    const state = fold([
      started,
      {
        ...base,
        t: 5,
        type: "run_state",
        run: { state: "starting", phase: 1, phases: 2, phaseName: "Foundation" },
      },
      { ...base, t: 5, type: "phase", index: 0, name: "Foundation", status: "started" },
      {
        ...base,
        t: 6,
        type: "service_state",
        service: "db",
        state: "creating",
        container: null,
        detail: null,
      },
      {
        ...base,
        t: 9,
        type: "service_state",
        service: "db",
        state: "running",
        container: "p-db-1",
        detail: null,
      },
      { ...base, t: 12, type: "docker_health", service: "db", status: "starting" },
      {
        ...base,
        t: 20,
        type: "service_state",
        service: "db",
        state: "healthy",
        container: null,
        detail: "ok",
      },
      { ...base, t: 20, type: "phase", index: 0, name: "Foundation", status: "ready" },
    ]);
    expect(state?.run).toEqual({ state: "starting", phase: 1, phases: 2, phaseName: "Foundation" });
    expect(state?.services.db).toEqual({
      state: "healthy",
      container: "p-db-1",
      detail: "ok",
      dockerHealth: "starting",
      times: { waiting: 0, creating: 6, running: 9, healthy: 20 },
    });
    expect(state?.phases[0]).toMatchObject({ startedAt: 5, readyAt: 20 });
    expect(state?.lastT).toBe(20);
  });

  it("keeps the first verdict: a failed deploy stays failed while it is torn down", () => {
    const error = { message: "db exited", service: "db", logTail: ["x"], healthOutput: null };
    const state = fold([
      started,
      { ...base, t: 3, type: "run_state", run: { state: "failed", error } },
      { ...base, t: 4, type: "run_state", run: { state: "tearing_down" } },
      { ...base, t: 5, type: "run_state", run: { state: "torn_down" } },
    ]);
    expect(state?.outcome).toBe("failed");
    expect(state?.run).toEqual({ state: "torn_down" });
  });

  it("gives a teardown run the torn_down verdict", () => {
    const state = fold([
      { ...started, kind: "teardown", strategy: null },
      { ...base, t: 5, type: "run_state", run: { state: "torn_down" } },
    ]);
    expect(state?.outcome).toBe("torn_down");
  });

  it("keeps only the last log lines and per-layer image progress", () => {
    const logs: DeployEvent[] = Array.from({ length: SNAPSHOT_LOG_LINES + 5 }, (_, i) => ({
      ...base,
      t: i + 1,
      type: "log",
      service: "db",
      stream: "stdout",
      line: `line ${i}`,
    }));
    const state = fold([
      started,
      ...logs,
      {
        ...base,
        t: 900,
        type: "image_progress",
        image: "db:1",
        layer: "abc",
        status: "Downloading",
        current: 5,
        total: 10,
      },
      {
        ...base,
        t: 901,
        type: "image_progress",
        image: "db:1",
        layer: "abc",
        status: "Pull complete",
        current: null,
        total: null,
      },
    ]);
    expect(state?.logTail).toHaveLength(SNAPSHOT_LOG_LINES);
    expect(state?.logTail[0]?.line).toBe("line 5");
    expect(state?.images["db:1"]).toEqual({ abc: { status: "Pull complete", current: null, total: null } });
  });

  it("does not mutate the previous snapshot", () => {
    const first = fold([started]);
    const frozen = JSON.stringify(first);
    reduceRunState(first, {
      ...base,
      t: 2,
      type: "service_state",
      service: "db",
      state: "creating",
      container: null,
      detail: null,
    });
    expect(JSON.stringify(first)).toBe(frozen);
  });
});

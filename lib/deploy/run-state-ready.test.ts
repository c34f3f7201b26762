import { describe, expect, it } from "vitest";
import type { DeployEvent } from "./events";
import { reduceRunState, type RunSnapshot } from "./run-state";

const base = { runId: "r1", project: "p", at: "2026-01-01T00:00:00.000Z" };
const fold = (events: DeployEvent[]): RunSnapshot | undefined =>
  events.reduce<RunSnapshot | undefined>((state, event) => reduceRunState(state, event), undefined);

describe("the snapshot's ready time", () => {
  it("is the time the strategy's readiness was reached, kept when Docker's confirmation comes later", () => {
    const state = fold([
      { ...base, t: 120, type: "run_started", kind: "deploy", strategy: "dag", services: ["db"], phases: [] },
      { ...base, t: 4_000, type: "run_state", run: { state: "healthy" } },
      { ...base, t: 9_000, type: "docker_health", service: "db", status: "healthy" },
      { ...base, t: 9_500, type: "run_state", run: { state: "healthy" } },
    ]);
    expect(state?.readyAt).toBe(4_000);
    expect(state?.outcome).toBe("healthy");
    expect(state?.result).toBeNull();
  });

  it("stays null for a run that failed before it was ready", () => {
    const error = { message: "db failed", service: "db", logTail: [], healthOutput: null };
    const state = fold([
      { ...base, t: 0, type: "run_started", kind: "deploy", strategy: "dag", services: ["db"], phases: [] },
      { ...base, t: 3_000, type: "run_state", run: { state: "failed", error } },
    ]);
    expect(state?.readyAt).toBeNull();
  });
});

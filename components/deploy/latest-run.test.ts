import { describe, expect, it } from "vitest";
import type { RunStartedEvent } from "@/lib/deploy/events";
import { reduceRunState, type RunSnapshot } from "@/lib/deploy/run-state";
import { latestRunOf } from "./latest-run";

/** A run's snapshot as the dashboard receives it: folded from its run_started event. */
const started = (runId: string, project: string, environmentId: string | null, at: string): RunSnapshot => {
  const event: RunStartedEvent = {
    type: "run_started",
    runId,
    project,
    environmentId,
    t: 0,
    at,
    kind: "deploy",
    strategy: "dag",
    services: ["app"],
    phases: [],
  };
  return reduceRunState(undefined, event) as RunSnapshot;
};

const byId = (...snapshots: RunSnapshot[]) => Object.fromEntries(snapshots.map((s) => [s.runId, s]));

describe("latestRunOf", () => {
  it("shows a run only on the dashboard of the environment it runs on", () => {
    const onB = started("on-b", "p", "env-b", "2026-01-02T00:00:00.000Z");
    const runs = byId(onB);
    expect(latestRunOf({ runs, project: "p", environmentId: null })).toBeNull();
    expect(latestRunOf({ runs, project: "p", environmentId: "env-a" })).toBeNull();
    expect(latestRunOf({ runs, project: "p", environmentId: "env-b" })?.runId).toBe("on-b");

    // The same project on the panel's own engine, started earlier: each dashboard keeps its own.
    const both = byId(onB, started("local", "p", null, "2026-01-01T00:00:00.000Z"));
    expect(latestRunOf({ runs: both, project: "p", environmentId: null })?.runId).toBe("local");
    expect(latestRunOf({ runs: both, project: "p", environmentId: "env-b" })?.runId).toBe("on-b");
  });

  it("picks the newest run of the project on that environment, and no other project's", () => {
    const runs = byId(
      started("old", "p", "env-b", "2026-01-01T00:00:00.000Z"),
      started("new", "p", "env-b", "2026-01-02T00:00:00.000Z"),
      started("other", "q", "env-b", "2026-01-03T00:00:00.000Z"),
    );
    expect(latestRunOf({ runs, project: "p", environmentId: "env-b" })?.runId).toBe("new");
    expect(latestRunOf({ runs, project: "r", environmentId: "env-b" })).toBeNull();
  });
});

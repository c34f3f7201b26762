// A run's emitter stamps the engine it was created in on run_started: the dashboards of two
// environments tell their runs of the same project apart by it (components/deploy/latest-run.ts).
import type Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { localEngineScope, withEngine, type EngineScope } from "@/lib/docker/client";
import { getDeployBus } from "./bus";
import type { DeployEvent } from "./events";
import { createRunContext } from "./run-context";

const scopeB: EngineScope = {
  environmentId: "env-b",
  environmentName: "box-b",
  docker: {} as Docker, // never called: creating a run context only reads the scope's id
  onThisHost: false,
};

/** Starts a run in `scope` as the orchestrator does; answers what the bus carried and kept. */
const startIn = (scope: EngineScope, runId: string) => {
  const seen: DeployEvent[] = [];
  const stop = getDeployBus().subscribe((event) => void seen.push(event), { runId });
  const ctx = withEngine(scope, () => createRunContext({ runId, project: "p" }));
  // Emitted outside the scope's callback, as a run's later steps may be: the id was taken at creation.
  ctx.emit({ type: "run_started", kind: "deploy", strategy: "dag", services: ["app"], phases: [] });
  ctx.emit({ type: "run_state", run: { state: "preparing" } });
  stop();
  return { seen, snapshot: getDeployBus().snapshot(runId) };
};

describe("createRunContext", () => {
  it("stamps the environment id on run_started: the Environment's id, null for the panel's own", () => {
    const onB = startIn(scopeB, `ctx-b-${process.pid}`);
    expect(onB.seen[0]).toMatchObject({ type: "run_started", environmentId: "env-b" });
    expect(onB.seen[1]).not.toHaveProperty("environmentId");
    expect(onB.snapshot?.environmentId).toBe("env-b");

    const local = startIn(localEngineScope(), `ctx-local-${process.pid}`);
    expect(local.seen[0]).toMatchObject({ type: "run_started", environmentId: null });
    expect(local.snapshot?.environmentId).toBeNull();
  });
});

// Sequential and dag deploys of one fixture, and a one-shot dependency: each strategy's start order
// shows in the recorded timestamps.
import { afterEach, describe, expect, it } from "vitest";
import type { Topology } from "@/lib/compose/types";
import { getDeployBus, startTeardown } from "@/lib/deploy";
import type { DeployEvent, RunResult, Strategy } from "@/lib/deploy";
import { dependsOn, fixtureService, fixtureTopology, HTTPD } from "./fixtures/fixture-topology";
import { leftovers, purgeProject, uniqueProject } from "./fixtures/deploy-support";
import { startApprovedDeploy } from "./fixtures/approved-deploy";

const projects: string[] = [];
afterEach(async () => {
  for (const project of projects.splice(0)) await purgeProject(project);
});

/** a (ready at once), b (ready after 2 s), c depends on a only, d depends on b and c. */
const diamond = (project: string): Topology =>
  fixtureTopology({
    project,
    services: [
      fixtureService({ name: "a" }),
      fixtureService({
        name: "b",
        command: ["sh", "-c", `sleep 2; touch /tmp/ready; exec ${HTTPD.join(" ")}`],
        healthcheck: {
          test: ["CMD-SHELL", "test -f /tmp/ready"],
          intervalMs: 1_000,
          timeoutMs: 1_000,
          retries: 3,
          startPeriodMs: 5_000,
          startIntervalMs: null,
        },
      }),
      fixtureService({ name: "c", dependsOn: [dependsOn("a")] }),
      fixtureService({ name: "d", dependsOn: [dependsOn("b"), dependsOn("c")] }),
    ],
  });

const deploy = async (
  strategy: Strategy,
  topology: Topology,
): Promise<{ result: RunResult; creating: Record<string, number> }> => {
  projects.push(topology.project);
  const events: DeployEvent[] = [];
  const run = startApprovedDeploy({ topology, strategy, awaitDockerHealth: false });
  const unsubscribe = getDeployBus().subscribe((event) => events.push(event), { runId: run.runId });
  const result = await run.done;
  unsubscribe();
  const creating: Record<string, number> = {};
  for (const event of events)
    if (event.type === "service_state" && event.state === "creating") creating[event.service] = event.t;
  return { result, creating };
};

const at = (result: RunResult, service: string) => {
  const found = result.services.find((entry) => entry.service === service);
  if (!found) throw new Error(`no timing for ${service}`);
  return found;
};

describe("strategies", () => {
  it("sequential: one service at a time, each created after the previous is ready", async () => {
    const project = uniqueProject();
    const { result, creating } = await deploy("sequential", diamond(project));
    expect(result.status).toBe("healthy");
    expect(result.phases.map((phase) => phase.name)).toEqual(["a", "b", "c", "d"]);
    for (const [previous, next] of [
      ["a", "b"],
      ["b", "c"],
      ["c", "d"],
    ] as const) {
      expect(creating[next]).toBeGreaterThanOrEqual(at(result, previous).readyAt ?? Infinity);
    }
    console.info(
      `sequential diamond: total ${result.totalMs} ms`,
      JSON.stringify(
        result.services.map(({ service, createdAt, readyAt }) => ({ service, createdAt, readyAt })),
      ),
    );
    expect((await startTeardown({ project, stopTimeoutSeconds: 0 }).done).status).toBe("torn_down");
    expect(await leftovers(project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  it("dag: each service starts the moment its own dependencies are ready", async () => {
    const project = uniqueProject();
    const { result, creating } = await deploy("dag", diamond(project));
    expect(result.status).toBe("healthy");
    // c waits for a only: it starts while b is still sleeping.
    expect(creating.c).toBeGreaterThanOrEqual(at(result, "a").readyAt ?? Infinity);
    expect(creating.c).toBeLessThan(at(result, "b").readyAt ?? 0);
    expect((creating.c ?? Infinity) - (at(result, "a").readyAt ?? 0)).toBeLessThan(100);
    // d waits for both, and starts right when the later one (b) is ready.
    const depsReady = Math.max(at(result, "b").readyAt ?? Infinity, at(result, "c").readyAt ?? Infinity);
    expect(creating.d).toBeGreaterThanOrEqual(depsReady);
    expect((creating.d ?? Infinity) - depsReady).toBeLessThan(100);
    console.info(
      `dag diamond: total ${result.totalMs} ms`,
      JSON.stringify(
        result.services.map(({ service, createdAt, readyAt }) => ({ service, createdAt, readyAt })),
      ),
    );
    await startTeardown({ project, stopTimeoutSeconds: 0 }).done;
    expect(await leftovers(project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  it("a one-shot that exits 0 satisfies service_completed_successfully and counts as completed", async () => {
    const project = uniqueProject();
    const topology = fixtureTopology({
      project,
      services: [
        fixtureService({
          name: "migrate",
          command: ["sh", "-c", "echo migrated; sleep 1"],
          healthcheck: null,
        }),
        fixtureService({ name: "app", dependsOn: [dependsOn("migrate", "service_completed_successfully")] }),
      ],
    });
    const { result, creating } = await deploy("dag", topology);
    expect(result.error).toBeNull();
    expect(at(result, "migrate").state).toBe("completed");
    expect(creating.app).toBeGreaterThanOrEqual(at(result, "migrate").readyAt ?? Infinity);
    await startTeardown({ project, stopTimeoutSeconds: 0 }).done;
    expect(await leftovers(project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });
});

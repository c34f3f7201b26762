// Docker's clock as the referee: for every container of a run, the panel's create and start times
// are within 100 ms of Docker's own events, collected live during the run (asserted per service).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDeployBus, startTeardown, type DeployEvent, type RunResult } from "@/lib/deploy";
import { dependsOn, fixtureNetwork, fixtureService, fixtureTopology } from "./fixtures/fixture-topology";
import { leftovers, purgeProject, testSubnet, uniqueProject } from "./fixtures/deploy-support";
import { startApprovedDeploy } from "./fixtures/approved-deploy";

const project = uniqueProject();
const network = (name: string, index: number) => fixtureNetwork({ project, name, subnet: testSubnet(index) });
const topology = fixtureTopology({
  project,
  networks: [network("front", 1), network("back", 2)],
  services: [
    fixtureService({ name: "db", networks: [{ name: "back", aliases: ["db"], ipv4Address: null }] }),
    fixtureService({
      name: "api",
      dependsOn: [dependsOn("db")],
      // Dual-homed: joining the second network happens between create and start.
      networks: [
        { name: "back", aliases: ["api"], ipv4Address: null },
        { name: "front", aliases: ["api"], ipv4Address: null },
      ],
    }),
    fixtureService({ name: "web", dependsOn: [dependsOn("api", "service_started")], healthcheck: null }),
  ],
});

let result: RunResult;

beforeAll(async () => {
  result = await startApprovedDeploy({ topology, strategy: "dag", followLogs: false }).done;
});

afterAll(async () => {
  await startTeardown({ project, stopTimeoutSeconds: 0 }).done.catch(() => undefined);
  await purgeProject(project);
});

describe("Docker's clock beside the panel's", () => {
  it("collects Docker's create, start and health events for every service", () => {
    expect(result.status).toBe("healthy");
    for (const timing of result.services) {
      expect(timing.engine, timing.service).toBeTruthy();
      expect(timing.engine?.createdAt, timing.service).not.toBeNull();
      expect(timing.engine?.startedAt, timing.service).not.toBeNull();
    }
    const db = result.services.find((s) => s.service === "db");
    expect(db?.engine?.healthyAt).not.toBeNull();
  });

  it.each(["db", "api", "web"])("%s: the panel's create and start are within 100 ms of Docker's", (name) => {
    const timing = result.services.find((s) => s.service === name);
    const engine = timing?.engine;
    if (!timing || !engine) throw new Error(`${name}: no timings`);
    console.info(
      `${name}: panel − Docker: created ${((timing.createdAt ?? 0) - (engine.createdAt ?? 0)).toFixed(1)} ms, started ${((timing.startedAt ?? 0) - (engine.startedAt ?? 0)).toFixed(1)} ms`,
    );
    expect(Math.abs((timing.createdAt ?? Infinity) - (engine.createdAt ?? -Infinity))).toBeLessThanOrEqual(
      100,
    );
    expect(Math.abs((timing.startedAt ?? Infinity) - (engine.startedAt ?? -Infinity))).toBeLessThanOrEqual(
      100,
    );
  });

  it("signals each container only after its dependents have their stop signal, and leaves nothing behind", async () => {
    const events: DeployEvent[] = [];
    const unsubscribe = getDeployBus().subscribe((event) => events.push(event));
    const run = startTeardown({ project, stopTimeoutSeconds: 0 });
    await run.done;
    unsubscribe();
    const at = (service: string, state: string) =>
      events.find(
        (e) =>
          e.runId === run.runId && e.type === "service_state" && e.service === service && e.state === state,
      )?.t ?? NaN;
    expect(at("api", "stopping")).toBeGreaterThanOrEqual(at("web", "stopping"));
    expect(at("db", "stopping")).toBeGreaterThanOrEqual(at("api", "stopping"));
    expect(await leftovers(project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });
});

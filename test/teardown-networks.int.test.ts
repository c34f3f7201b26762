// Teardown removes each network as soon as the containers attached to it are gone, not after the
// whole project: a network whose containers stopped early is gone while a slow one still stops.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDeployBus, startTeardown, type DeployEvent } from "@/lib/deploy";
import { fixtureNetwork, fixtureService, fixtureTopology } from "./fixtures/fixture-topology";
import { leftovers, purgeProject, testSubnet, uniqueProject } from "./fixtures/deploy-support";
import { startApprovedDeploy } from "./fixtures/approved-deploy";

const project = uniqueProject();
const network = (name: string, index: number) => fixtureNetwork({ project, name, subnet: testSubnet(index) });
/** Exits on SIGTERM at once (httpd as PID 1 would ignore it). */
const QUICK = ["sh", "-c", "trap 'exit 0' TERM; httpd -f -p 8080 -h /www & wait"];
const GRACE_SECONDS = 3;
const topology = fixtureTopology({
  project,
  networks: [network("quick", 1), network("slow", 2)],
  services: [
    fixtureService({
      name: "quick",
      command: QUICK,
      healthcheck: null,
      networks: [{ name: "quick", aliases: ["quick"], ipv4Address: null }],
    }),
    // httpd as PID 1 ignores SIGTERM: it stops only when its grace period is over.
    fixtureService({
      name: "slow",
      healthcheck: null,
      networks: [{ name: "slow", aliases: ["slow"], ipv4Address: null }],
    }),
  ],
});

beforeAll(async () => {
  const run = await startApprovedDeploy({ topology, strategy: "dag", followLogs: false }).done;
  expect(run.status).toBe("healthy");
});

afterAll(async () => {
  await purgeProject(project);
});

describe("teardown's networks", () => {
  it("removes a network once its containers are gone, while another container still stops", async () => {
    const events: DeployEvent[] = [];
    const unsubscribe = getDeployBus().subscribe((event) => events.push(event));
    const run = startTeardown({ project, stopTimeoutSeconds: GRACE_SECONDS });
    const result = await run.done;
    unsubscribe();
    expect(result.status).toBe("torn_down");
    const mine = events.filter((e) => e.runId === run.runId);
    const networkGone = (name: string) =>
      mine.find((e) => e.type === "log" && e.line === `removed network ${project}_${name}`)?.t ?? NaN;
    const slowRemoved =
      mine.find((e) => e.type === "service_state" && e.service === "slow" && e.state === "removed")?.t ?? NaN;
    // The slow container waits out its grace period; the quick network goes long before that.
    expect(slowRemoved).toBeGreaterThanOrEqual(GRACE_SECONDS * 1000);
    expect(networkGone("quick")).toBeLessThan(slowRemoved - 1000);
    expect(networkGone("slow")).toBeGreaterThanOrEqual(slowRemoved);
    expect(await leftovers(project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });
});

// A remote environment becoming unreachable mid-deploy (issue 27): an engine in a network namespace
// of its own (test/faults/remote-dockerd.sh, started by scripts/ci/labs/faults.lab), added as an
// environment on plain tcp://; a deploy to it has its first service running when the namespace's
// link is cut (packets go nowhere, as with a host off the network). The run must end with a stated
// reason, stored with its events; the panel's API keeps answering (no 5xx) meanwhile; once the link
// is back, Tear down to that environment leaves nothing there.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTally, panelReads, until } from "./fault-support";
import { testActor } from "../fixtures/principal";
import { busyboxServiceYaml } from "../fixtures/fixture-topology";
import { dagRequest, leftovers, purgeProject } from "../fixtures/deploy-support";
import {
  apiToken,
  apiUser,
  clusterSecrets,
  runJournal,
  scratchDatabase,
  scratchFolder,
  scratchTopologies,
  topologyFolder,
} from "../fixtures/scratch-panel";

if (!process.env.DOCKER_HOST?.includes("faults-docker"))
  throw new Error("run me through scripts/ci/labs/faults.lab");
const run = promisify(execFile);
const link = (action: "cut" | "mend") => run("bash", ["test/faults/remote-dockerd.sh", action]);

const REMOTE_URL = "tcp://10.234.0.2:2375";
const name = `faultremote-${process.pid}`;
const admin = testActor({ username: "remote-admin", role: "admin" });
// "web" is ready at once; "app" after 20 s: the cut lands while the deploy waits for it.
const compose = `name: ${name}
services:${busyboxServiceYaml({ name: "web" })}${busyboxServiceYaml({ name: "app", delaySeconds: 20, dependsOn: "web", retries: 60 })}`;
const scratch = scratchFolder("faults-remote-");
scratchDatabase({ dir: scratch });
scratchTopologies({ dir: scratch });
clusterSecrets({ dir: scratch });
topologyFolder({ name, files: { "docker-compose.yml": compose } });
const journal = runJournal();
let token = "";
const tally = createTally({ probe: () => panelReads(token) });

beforeAll(async () => {
  const user = await apiUser({ username: "remote-operator", role: "operator" });
  token = await apiToken({ user, name: "remote fault" });
  await Promise.all([import("@/app/api/health/route"), import("@/app/api/runs/route")]);
});
afterAll(async () => {
  await link("mend");
  const { engineScopeFor } = await import("@/lib/operations/environments");
  const { withEngine } = await import("@/lib/docker/client");
  const scope = await engineScopeFor(name).catch(() => null);
  if (scope) await withEngine(scope, () => purgeProject(name));
  const report = await tally.report();
  console.log(
    `remote environment: ${report.runs} runs; lost runs: ${report.lost}, leftovers: ${report.leftovers}, 5xx: ${report.serverErrors}`,
  );
  for (const line of [...report.lines, ...report.details]) console.log(`  ${line}`);
  expect(report).toMatchObject({ lost: 0, leftovers: 0, serverErrors: 0, unchecked: 0 });
});

describe("a remote environment unreachable mid-deploy", () => {
  const fault = "remote environment unreachable mid-deploy";
  it("the run fails saying the engine does not answer, stored with its events; Tear down once it is back leaves nothing", () =>
    tally.during(fault, async () => {
      const { addEnvironment, engineScopeFor } = await import("@/lib/operations/environments");
      const { requestDeploy, requestTeardown } = await import("@/lib/operations/deploy");
      const { liveRunResult } = await import("@/lib/deploy/live-results");
      const { withEngine } = await import("@/lib/docker/client");
      const { getPrisma } = await import("@/lib/db/client");
      await addEnvironment({ ...admin, request: { name, url: REMOTE_URL } });
      const started = await requestDeploy({
        ...admin,
        request: dagRequest({ topology: name, environment: name }),
      });
      tally.expectRun(fault, started.runId, "failed");
      await until(async () =>
        liveRunResult(started.runId)?.services.find((s) => s.service === "app")?.runningAt ? true : null,
      );
      await link("cut");
      const cutAt = Date.now();
      let result: Awaited<typeof started.done>;
      try {
        result = await started.done;
      } finally {
        console.log(`remote environment: the run ended ${Date.now() - cutAt} ms after the cut`);
        await link("mend");
      }
      expect(result.status).toBe("failed");
      expect(result.error?.message).toMatch(
        /the Docker engine does not answer \(.*10\.234\.0\.2:2375.*\): check that it runs/,
      );
      await journal().done(started.runId);
      const stored = await getPrisma().run.findUniqueOrThrow({
        where: { id: started.runId },
        include: { events: true },
      });
      expect(stored.status).toBe("failed");
      expect(stored.events.some((e) => e.type === "run_finished")).toBe(true);
      // The documented recovery: once the engine answers again, Tear down to that environment.
      const teardown = await requestTeardown({
        ...admin,
        topologyName: name,
        removeVolumes: true,
        environment: name,
      });
      tally.expectRun(`${fault} (teardown)`, teardown.runId, "torn_down");
      expect((await teardown.done).status).toBe("torn_down");
      await journal().done(teardown.runId);
      const scope = await engineScopeFor(name);
      const left = await withEngine(scope, () => leftovers(started.project));
      expect(left).toEqual({ containers: 0, networks: 0, volumes: 0 });
      await withEngine(scope, () => tally.countLeftovers(fault, started.project));
    }));
});

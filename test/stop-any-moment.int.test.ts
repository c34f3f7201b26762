// A person can stop at any moment: a deploy stopped after "ready" keeps its verdict and does not
// wait for Docker's confirmation; a teardown asked mid-deploy takes the project's lock at once,
// cancels the deploy (recorded as cancelled) and tears down once it has stopped — nothing left.
import { describe, expect, it } from "vitest";
import {
  assertProjectFree,
  cancelDeploy,
  getDeployBus,
  settleReadyRun,
  startTeardown,
  stopActiveRun,
  type DeployEvent,
} from "@/lib/deploy";
import { isAppError } from "@/lib/errors";
import { fixtureService, fixtureTopology, httpCheck } from "./fixtures/fixture-topology";
import { leftovers, purgedProjects } from "./fixtures/deploy-support";
import { startApprovedDeploy } from "./fixtures/approved-deploy";

const newProject = purgedProjects();

/** Resolves with the first event of the run that matches. */
const eventOf = (runId: string, matches: (event: DeployEvent) => boolean): Promise<DeployEvent> =>
  new Promise((resolve) => {
    const stop = getDeployBus().subscribe(
      (event) => {
        if (!matches(event)) return;
        stop();
        resolve(event);
      },
      { runId },
    );
  });

const conflictOf = (start: () => unknown): string | null => {
  try {
    start();
  } catch (error) {
    return isAppError(error) ? `${error.code}: ${error.message}` : String(error);
  }
  return null;
};

/**
 * Deploys one web service whose Docker health check runs first a minute after start, while the
 * panel's own probe finds it ready at once: the run reads healthy and then waits for Docker.
 */
const deployAwaitingDocker = () => {
  const project = newProject();
  const slowDocker = httpCheck({ intervalMs: 60_000, startPeriodMs: 60_000 });
  const topology = fixtureTopology({
    project,
    services: [fixtureService({ name: "web", healthcheck: slowDocker })],
  });
  return { project, started: startApprovedDeploy({ topology, strategy: "dag", awaitDockerHealth: true }) };
};

describe("stopping at any moment", () => {
  it("after ready, Cancel ends the wait for Docker's confirmation at once; the verdict stands", async () => {
    const { project, started } = deployAwaitingDocker();
    await eventOf(started.runId, (e) => e.type === "run_state" && e.run.state === "healthy");
    const asked = performance.now();
    expect(cancelDeploy({ runId: started.runId, by: "test" }).cancelled).toBe(false);
    const result = await started.done;
    const stoppedInMs = performance.now() - asked;
    expect(stoppedInMs).toBeLessThan(5_000);
    expect(result.status).toBe("healthy");
    expect(result.settings.dockerConfirmation).toBe("not awaited");
    expect(result.clocks?.readyMs).not.toBeNull();
    expect(result.clocks?.dockerHealthyMs).toBeNull();
    // Stopping the wait is not a teardown: the service still runs.
    expect((await leftovers(project)).containers).toBe(1);
    expect((await startTeardown({ project }).done).status).toBe("torn_down");
    expect(await leftovers(project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  it("a scale may follow once the deploy reads healthy: the project is freed at once, the verdict stands", async () => {
    const { project, started } = deployAwaitingDocker();
    // Not ready yet: nothing is settled, the project stays taken and the lock check names the run.
    expect(settleReadyRun({ runId: started.runId, by: "test", next: "a scale" })).toBeUndefined();
    expect(conflictOf(() => assertProjectFree({ project }))).toContain(started.runId);
    await eventOf(started.runId, (e) => e.type === "run_state" && e.run.state === "healthy");
    const settled = settleReadyRun({ runId: started.runId, by: "test", next: "a scale" });
    expect(settled).toBeDefined();
    await settled;
    expect(conflictOf(() => assertProjectFree({ project }))).toBeNull();
    const result = await started.done;
    expect(result.status).toBe("healthy");
    expect(result.settings.dockerConfirmation).toBe("not awaited");
    expect((await leftovers(project)).containers).toBe(1);
    expect((await startTeardown({ project }).done).status).toBe("torn_down");
    expect(await leftovers(project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  it("a teardown mid-deploy takes the lock at once, cancels the deploy and leaves nothing", async () => {
    const project = newProject();
    const topology = fixtureTopology({
      project,
      services: [
        // Ready only after 20 s: the deploy is surely mid-way when the teardown comes.
        fixtureService({
          name: "slow",
          command: ["sh", "-c", "sleep 20; exec httpd -f -p 8080 -h /www"],
          healthcheck: httpCheck({ startPeriodMs: 60_000 }),
        }),
        fixtureService({ name: "fast" }),
      ],
    });
    const deploy = startApprovedDeploy({ topology, strategy: "dag" });
    await eventOf(
      deploy.runId,
      (e) => e.type === "service_state" && e.service === "slow" && e.state === "starting",
    );
    const asked = performance.now();
    const teardown = startTeardown({
      project,
      after: { runId: deploy.runId, finished: stopActiveRun({ runId: deploy.runId, by: "test" }) },
    });
    // From the request on the project is the teardown's: nothing else starts in between.
    expect(conflictOf(() => startApprovedDeploy({ topology, strategy: "dag" }))).toMatch(
      new RegExp(`conflict: A teardown .* \\(run ${teardown.runId}`),
    );
    const deployed = await deploy.done;
    expect(deployed.status).toBe("cancelled");
    expect(deployed.error?.message).toMatch(/cancelled by test/);
    const tornDown = await teardown.done;
    expect(tornDown.status).toBe("torn_down");
    expect(performance.now() - asked).toBeLessThan(30_000);
    expect(await leftovers(project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });
});

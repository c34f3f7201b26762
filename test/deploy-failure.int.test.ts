// Failure, cancel and the per-project lock: a run that cannot succeed says why, and leaves nothing.
import { describe, expect, it } from "vitest";
import { cancelDeploy, getDeployBus, startTeardown } from "@/lib/deploy";
import { isAppError } from "@/lib/errors";
import { getDocker } from "@/lib/docker/client";
import { fixtureService, fixtureTopology, httpCheck, TEST_IMAGE } from "./fixtures/fixture-topology";
import { leftovers, purgedProjects } from "./fixtures/deploy-support";
import { startApprovedDeploy } from "./fixtures/approved-deploy";
import { calibrateEngine, containerCostMs, teardownBudgetMs } from "./fixtures/engine-calibration";

const calibration = await calibrateEngine();

const newProject = purgedProjects();

describe("failures", () => {
  it("a health check that never passes fails the run within its timeout, with the log tail, and cleans up", async () => {
    const project = newProject();
    const topology = fixtureTopology({
      project,
      volumes: [{ name: "scratch", dockerName: `${project}_scratch`, driver: "local", external: false }],
      services: [
        fixtureService({ name: "ok" }),
        fixtureService({
          name: "broken",
          command: [
            "sh",
            "-c",
            "echo starting broken; echo 'config error: no upstream' >&2; exec httpd -f -p 8080 -h /www",
          ],
          volumes: [{ type: "volume", source: "scratch", target: "/scratch", readOnly: false }],
          healthcheck: httpCheck({
            test: ["CMD-SHELL", "echo 'upstream down'; exit 1"],
            startPeriodMs: 60_000,
            intervalMs: 30_000,
          }),
        }),
      ],
    });
    const began = Date.now();
    const result = await startApprovedDeploy({
      topology,
      strategy: "dag",
      serviceTimeoutMs: { broken: 3_000 },
    }).done;
    expect(result.status).toBe("failed");
    expect(result.error?.service).toBe("broken");
    expect(result.error?.message).toMatch(/broken was not ready within 3 s/);
    expect(result.error?.logTail).toEqual(
      expect.arrayContaining(["starting broken", "config error: no upstream"]),
    );
    expect(result.error?.healthOutput).toBe("upstream down");
    // Failed at its own 3 s, not at Docker's 60 s start period: the two containers' create and start
    // (this engine, measured) on top, and for the whole call their removal.
    const failedByMs = 3_000 + 2 * containerCostMs(calibration);
    expect(result.totalMs).toBeLessThan(failedByMs);
    expect(Date.now() - began).toBeLessThan(failedByMs + teardownBudgetMs({ count: 2, calibration }));
    expect(result.cleanupMs).not.toBeNull();
    expect(await leftovers(project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
    const snapshot = getDeployBus().snapshot(result.runId);
    expect(snapshot?.outcome).toBe("failed");
    expect(snapshot?.run.state).toBe("torn_down");
    expect(snapshot?.services.broken?.state).toBe("failed");
  });

  it("a container that exits fails the run; keepOnFailure leaves it for debugging", async () => {
    const project = newProject();
    const topology = fixtureTopology({
      project,
      services: [
        fixtureService({ name: "crash", command: ["sh", "-c", "echo bye; exit 3"], healthcheck: null }),
      ],
    });
    const result = await startApprovedDeploy({ topology, strategy: "sequential", keepOnFailure: true }).done;
    expect(result.status).toBe("failed");
    expect(result.error?.message).toMatch(/crash exited with code 3/);
    expect(result.error?.logTail).toContain("bye");
    expect((await leftovers(project)).containers).toBe(1);
    await startTeardown({ project }).done;
    expect(await leftovers(project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  it("a missing image fails in preparation naming the local image kit", async () => {
    const project = newProject();
    const topology = fixtureTopology({
      project,
      services: [fixtureService({ name: "x", image: "ollamamax-local/does-not-exist:never" })],
    });
    const result = await startApprovedDeploy({ topology, strategy: "phased" }).done;
    expect(result.status).toBe("failed");
    expect(result.error?.message).toMatch(/npm run images/);
    expect(await leftovers(project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  it("refuses a second deploy or a teardown of a project while a run holds it; cancel stops it and cleans up", async () => {
    const project = newProject();
    const topology = fixtureTopology({
      project,
      services: [
        fixtureService({
          name: "sleepy",
          command: ["sh", "-c", "sleep 30"],
          healthcheck: httpCheck({ test: ["CMD-SHELL", "exit 1"], startPeriodMs: 60_000 }),
        }),
      ],
    });
    const first = startApprovedDeploy({ topology, strategy: "phased" });
    const refused = (start: () => unknown) => {
      try {
        start();
      } catch (error) {
        return isAppError(error)
          ? { code: error.code, message: error.message }
          : { code: "other", message: String(error) };
      }
      return null;
    };
    expect(refused(() => startApprovedDeploy({ topology, strategy: "dag" }))).toMatchObject({
      code: "conflict",
      message: expect.stringContaining(first.runId),
    });
    expect(refused(() => startTeardown({ project }))).toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/already running.*cancel it/),
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    cancelDeploy({ runId: first.runId, by: "test" });
    const result = await first.done;
    expect(result.status).toBe("cancelled");
    expect(await leftovers(project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
    expect(refused(() => cancelDeploy({ runId: first.runId }))).toMatchObject({ code: "not_found" });
    // The lock is free again.
    const after = await startTeardown({ project }).done;
    expect(after.status).toBe("torn_down");
  });

  it("refuses to start without the required secrets, naming each", () => {
    const topology = fixtureTopology({ project: newProject(), services: [fixtureService({ name: "x" })] });
    expect(() =>
      startApprovedDeploy({ topology, strategy: "dag", env: { JWT_SECRET: "x", DB_PASSWORD: "" } }),
    ).toThrow(/MINIO_ROOT_USER, MINIO_ROOT_PASSWORD, DB_PASSWORD, GRAFANA_PASSWORD are not set/);
  });
});

describe("engine errors", () => {
  it("a container name held by someone else fails the run naming the service, and leaves their container alone", async () => {
    const project = newProject();
    const squatter = await getDocker().createContainer({
      name: `${project}-squatter`,
      Image: TEST_IMAGE,
      Cmd: ["sleep", "60"],
    });
    try {
      const topology = fixtureTopology({
        project,
        services: [fixtureService({ name: "web", containerName: `${project}-squatter` })],
      });
      const result = await startApprovedDeploy({ topology, strategy: "dag" }).done;
      expect(result.status).toBe("failed");
      expect(result.error?.service).toBe("web");
      expect(result.error?.message).toMatch(/^web: .*already in use/);
      expect(await leftovers(project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
      expect((await squatter.inspect()).Name).toBe(`/${project}-squatter`);
    } finally {
      await squatter.remove({ force: true });
    }
  });
});

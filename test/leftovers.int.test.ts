// A panel process killed mid-deploy (SIGKILL of a child that records like server.ts): the run is
// stored, reconcile marks it interrupted with what it reached, its objects are listed as leftovers,
// and "tear down" / "adopt as deployed" from there do what they say.
import { afterAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db/client";
import { getDocker } from "@/lib/docker/client";
import { reconcileAtBoot } from "@/lib/recording";
import { actOnLeftovers } from "@/lib/operations/leftover-actions";
import { listLeftovers } from "@/lib/operations/leftovers";
import { deployAndKillChild } from "./fixtures/child-panel";
import { leftovers, purgeProject, uniqueProject } from "./fixtures/deploy-support";
import { testPrincipal } from "./fixtures/principal";
import { scratchDatabase, scratchFolder } from "./fixtures/scratch-panel";

// The child panels below record into it too (they inherit DATABASE_URL).
scratchDatabase({ dir: scratchFolder("deploytest-db-") });
const projects = [uniqueProject(), uniqueProject(), uniqueProject()];
const principal = testPrincipal({ username: "tester", role: "operator" });

afterAll(async () => {
  for (const project of projects) await purgeProject(project);
});

const until = async <T>(read: () => Promise<T | null | undefined>, timeoutMs = 60_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

/** Starts a deploy in a child panel, waits until both services run (stored), kills it. */
const deployAndKill = (project: string, appDelaySeconds?: number): Promise<string> =>
  deployAndKillChild({ project, appDelaySeconds, until });

describe("a panel killed mid-deploy", () => {
  it("leaves an interrupted run whose leftovers tear down to nothing", async () => {
    const project = projects[0] as string;
    const runId = await deployAndKill(project);
    // The kill lands within moments; the restarted panel's reconcile then finds the owner gone.
    await until(
      async () => ((await reconcileAtBoot()).interruptedRuns.includes(runId) ? true : null),
      10_000,
    );
    const run = await getPrisma().run.findUniqueOrThrow({
      where: { id: runId },
      include: { services: true },
    });
    expect(run).toMatchObject({
      status: "interrupted",
      reachedState: expect.stringMatching(/starting phase/),
    });
    expect(run.services.find((s) => s.service === "db")?.readyAtMs).not.toBeNull();

    const [group] = (await listLeftovers({ knownProjects: [] })).filter((g) => g.runId === runId);
    expect(group?.containers.map((c) => c.service).sort()).toEqual(["app", "db"]);
    expect(group?.volumes).toEqual([`${project}_data`]);

    await actOnLeftovers({ principal, address: null, runId, action: "teardown" });
    await until(async () => {
      const stored = await getPrisma().run.findUniqueOrThrow({ where: { id: runId } });
      return stored.cleanupState === "done" ? stored : null;
    });
    expect(await leftovers(project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
    expect((await listLeftovers({ knownProjects: [] })).some((g) => g.runId === runId)).toBe(false);
  });

  it("adopts a dead run's objects as deployed: started, with the file's restart policy, no longer listed", async () => {
    const project = projects[1] as string;
    const runId = await deployAndKill(project);
    await reconcileAtBoot();
    await actOnLeftovers({ principal, address: null, runId, action: "adopt" });
    const containers = await getDocker().listContainers({
      all: true,
      filters: { label: [`com.docker.compose.project=${project}`] },
    });
    for (const container of containers) {
      const info = await getDocker().getContainer(container.Id).inspect();
      expect(info.HostConfig.RestartPolicy?.Name).toBe("unless-stopped");
      expect(info.State.Running).toBe(true);
    }
    expect((await listLeftovers({ knownProjects: [project] })).some((g) => g.runId === runId)).toBe(false);
    expect((await getPrisma().run.findUniqueOrThrow({ where: { id: runId } })).adoptedAt).not.toBeNull();
  });

  it("resumes watching a dead run's containers until they are ready, and says so on the run", async () => {
    const project = projects[2] as string;
    // app becomes ready 4 s after it starts: after the kill, while nobody watches.
    const runId = await deployAndKill(project, 4);
    await until(
      async () => ((await reconcileAtBoot()).interruptedRuns.includes(runId) ? true : null),
      10_000,
    );
    await actOnLeftovers({ principal, address: null, runId, action: "watch" });
    const run = await until(async () => {
      const stored = await getPrisma().run.findUniqueOrThrow({ where: { id: runId } });
      return /all 2 containers ready/.test(stored.reachedState ?? "") ? stored : null;
    });
    expect(run.status).toBe("interrupted");
  });
});

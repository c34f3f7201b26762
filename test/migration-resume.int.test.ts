// A migration survives a panel SIGKILL: a child panel starts A → B and is killed while B's deploy is
// in flight (A already torn down, its data in B's volume); a second child boots like server.ts and
// resumes from the first step not done — B's cut deploy is torn down and deployed again — and the
// migration ends migrated with A's row counts in B. The cut deploy run is stored as interrupted.
import { rmSync } from "node:fs";
import Docker from "dockerode";
import { afterAll, describe, expect, it } from "vitest";
import { childPanel, childPanels, killGroup, until } from "./fixtures/panel-child-process";
import { dockerOptions } from "@/lib/docker/client";
import { postgresFolder, purgeWithVolumes, sqlIn } from "./fixtures/migration-topologies";
import { testActor } from "./fixtures/principal";
import { clusterSecrets, scratchDatabase, scratchFolder, scratchTopologies } from "./fixtures/scratch-panel";

const tag = `${process.pid}${Math.random().toString(36).slice(2, 5)}`;
const [A, B] = [`mka-${tag}`, `mkb-${tag}`];
const scratch = scratchFolder("migration-resume-");
scratchDatabase({ dir: scratch });
scratchTopologies({ dir: scratch });
clusterSecrets({ dir: scratch });
process.env.PANEL_BACKUPS_DIR = `${scratch}/backups`;
const PASSWORD = "Juniper-Lattice-6604";
postgresFolder({
  name: A,
  service: "postgres",
  volume: "pg-data",
  password: PASSWORD,
});
postgresFolder({
  name: B,
  service: "database",
  volume: "rows",
  password: PASSWORD,
});
const docker = new Docker(dockerOptions(process.env.DOCKER_HOST));

const child = (args: string[]) => childPanel("test/fixtures/migration-child.ts", args);
afterAll(async () => {
  for (const p of childPanels) killGroup(p);
  for (const project of [A, B]) await purgeWithVolumes({ docker, project });
  rmSync(scratch, { recursive: true, force: true });
}, 120_000);

describe("a migration across a panel SIGKILL", () => {
  it("resumes from the last finished step and ends migrated with the same row counts", async () => {
    const { requestDeploy } = await import("@/lib/operations/deploy");
    const { ZDeployRequestFields } = await import("@/lib/operations/deploy-settings");
    const { getMigrationRun } = await import("@/lib/db/migrations");
    const { getRunDetail } = await import("@/lib/db/runs");
    const deployed = await requestDeploy({
      ...testActor({ username: "mover", role: "operator" }),
      request: ZDeployRequestFields.parse({ topology: A, strategy: "phased" }),
    });
    expect((await deployed.done).status).toBe("healthy");
    const sql = (project: string, statement: string) => sqlIn({ docker, project, statement });
    await sql(A, "CREATE TABLE items (id int); INSERT INTO items SELECT generate_series(1, 120);");

    const first = child(["start", A, B]);
    const id = await until(async () => /migration (\S+)/.exec(first.output())?.[1]);
    // Killed once B's deploy is in flight: every step before it is stored as done.
    const cutRunId = await until(async () => {
      const step = (await getMigrationRun(id))?.state.steps.find((s) => s.key === "deploy-b");
      return step?.state === "running" && step.runId ? step.runId : null;
    });
    killGroup(first.process);
    const before = await getMigrationRun(id);
    expect(before?.state.steps.map((s) => s.state)).toEqual([
      "done",
      "done",
      "done",
      "done",
      "running",
      "pending",
    ]);

    const second = child(["resume"]);
    await until(async () => /resumed (\S+)/.exec(second.output())?.[1]);
    expect(second.output()).toContain(`resumed ${id}`);
    const ended = await until(async () => {
      const row = await getMigrationRun(id);
      return row && row.status !== "running" ? row : null;
    });
    expect(ended.state, JSON.stringify(ended.state, null, 2)).toMatchObject({
      outcome: "migrated",
      failed: null,
    });
    expect(ended.status).toBe("healthy");
    const deployB = ended.state.steps.find((s) => s.key === "deploy-b");
    expect(deployB?.runId).not.toBe(cutRunId);
    // The backup, the teardown and the carry were not done again: the same backup, the same teardown run.
    expect(ended.state.steps.slice(0, 4).map((s) => s.runId)).toEqual(
      before?.state.steps.slice(0, 4).map((s) => s.runId),
    );
    expect((await getRunDetail(cutRunId))?.status).toBe("interrupted");
    expect(await sql(B, "SELECT count(*) FROM items")).toBe("120");
  }, 400_000);
});

// A guided migration whose postgres keeps its data in a ./data folder (as the shipped topologies
// do), on the real engine through /api/v1 (docs/MIGRATION.md "Which volume or data folder goes
// where"): A's ./data/postgres is carried by its service into B's ./data/db-store (another name,
// another service name), the dry run lists the pair, and B has A's rows after; A's folder is left
// as it was.
import { existsSync, readdirSync, realpathSync } from "node:fs";
import path from "node:path";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dockerOptions } from "@/lib/docker/client";
import { as, dataOf, setUpApiPanel } from "./fixtures/api-v1-panel";
import { deployHealthy, finishedMigration, migrate } from "./fixtures/migration-api";
import { postgresFolder, purgeWithVolumes, sqlIn } from "./fixtures/migration-topologies";

setUpApiPanel();
const tag = `${process.pid}${Math.random().toString(36).slice(2, 5)}`;
const [A, B] = [`mfa-${tag}`, `mfb-${tag}`];
process.env.PANEL_BACKUPS_DIR = `/tmp/${A}-backups`;
const PASSWORD = "Granite-Orchard-4417";
postgresFolder({ name: A, service: "postgres", volume: "./data/postgres", password: PASSWORD });
postgresFolder({ name: B, service: "db", volume: "./data/db-store", password: PASSWORD });
const folderOf = (name: string, sub: string) =>
  path.join(realpathSync(process.env.PANEL_TOPOLOGIES_DIR ?? ""), name, "data", sub);

const docker = new Docker(dockerOptions(process.env.DOCKER_HOST));
const sql = (project: string, statement: string) => sqlIn({ docker, project, statement });

type View = {
  status: string;
  outcome: string;
  steps: { key: string; title: string; state: string; detail: string | null }[];
  checks: { name: string; of: string; ok: boolean; detail: string }[];
  pairs: { from: string; to: string; kind: string | null; why: string }[];
  notCarried: { from: string; why: string }[];
};

const finished = (id: string) => finishedMigration<View>(id);

beforeAll(async () => {
  await deployHealthy(A);
  await sql(
    A,
    "CREATE TABLE orders (id int primary key, note text); INSERT INTO orders SELECT g, 'order ' || g FROM generate_series(1, 420) g;",
  );
}, 180_000);

afterAll(async () => {
  for (const project of [A, B]) await purgeWithVolumes({ docker, project });
  const { rmSync } = await import("node:fs");
  rmSync(process.env.PANEL_BACKUPS_DIR ?? "", { recursive: true, force: true });
}, 120_000);

describe("a migration of postgres data kept in a ./data folder", () => {
  it("lists the data folder pair in the dry run, by the postgres service", async () => {
    const answer = await as("operator", migrate({ from: A, to: B, dryRun: true }));
    expect(answer.status).toBe(200);
    const { plan } = dataOf<{ plan: View }>(answer);
    expect(plan.pairs).toEqual([
      expect.objectContaining({
        from: "bind:data/postgres",
        to: "bind:data/db-store",
        kind: "postgres",
        why: "postgres service",
      }),
    ]);
    expect(plan.notCarried).toEqual([]);
    expect(plan.steps.find((s) => s.key === "carry-data")?.title).toContain(
      "bind:data/postgres → bind:data/db-store",
    );
  });

  it("carries A's ./data/postgres into B's ./data/db-store: B has A's rows after", async () => {
    expect(existsSync(folderOf(B, "db-store"))).toBe(false);
    const started = await as("operator", migrate({ from: A, to: B, dryRun: false }));
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const view = await finished(dataOf<{ id: string }>(started).id);
    expect(view, JSON.stringify(view, null, 2)).toMatchObject({ status: "healthy", outcome: "migrated" });
    expect(view.steps.find((s) => s.key === "carry-data")?.detail).toBe(
      `bind:data/postgres → ${folderOf(B, "db-store")}`,
    );
    expect(view.checks.find((c) => c.name === "postgres-rows")).toMatchObject({ of: "B", ok: true });
    expect(await sql(B, "SELECT count(*) FROM orders")).toBe("420");
    expect(await sql(B, "SELECT note FROM orders WHERE id = 420")).toBe("order 420");
    expect(readdirSync(folderOf(B, "db-store"))).toContain("PG_VERSION");
    // A's folder keeps its data: the migration copies, it never empties the source.
    expect(readdirSync(folderOf(A, "postgres"))).toContain("PG_VERSION");
  }, 300_000);
});

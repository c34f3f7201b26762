// A guided migration on the real engine (docs/MIGRATION.md), through /api/v1: topology A with rows
// written to its postgres migrates to B (another project, its postgres service and volume named
// otherwise) with the same row counts after; a deploy or teardown of either project meanwhile is
// refused naming the migration. Then B migrates to C, whose postgres is configured with another
// password than the carried data holds: the row-count check fails, the migration rolls back by
// itself and B runs again with its rows, the failed check named. Bad input answers 400 naming the field.
import { rmSync } from "node:fs";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dockerOptions } from "@/lib/docker/client";
import { FORWARD_STEPS, ROLLBACK_STEPS } from "@/lib/migrations/steps";
import { apiClient, as, dataOf, expectRefused, setUpApiPanel } from "./fixtures/api-v1-panel";
import { deployHealthy, finishedMigration, migrate } from "./fixtures/migration-api";
import { postgresFolder, purgeWithVolumes, sqlIn } from "./fixtures/migration-topologies";

setUpApiPanel();
const tag = `${process.pid}${Math.random().toString(36).slice(2, 5)}`;
const [A, B, C] = [`mga-${tag}`, `mgb-${tag}`, `mgc-${tag}`];
process.env.PANEL_BACKUPS_DIR = `/tmp/${A}-backups`;
const PASSWORD = "Walnut-Harbor-2931";

postgresFolder({
  name: A,
  service: "postgres",
  volume: "pg-data",
  password: PASSWORD,
});
postgresFolder({ name: B, service: "db", volume: "store", password: PASSWORD });
// C's postgres is set up with another password than the one the carried data holds.
postgresFolder({
  name: C,
  service: "postgres",
  volume: "pg",
  password: "Copper-Meadow-5120",
});

const docker = new Docker(dockerOptions(process.env.DOCKER_HOST));
const sql = (project: string, statement: string) => sqlIn({ docker, project, statement });

type View = {
  status: string;
  outcome: string;
  failed: string | null;
  reason: string | null;
  steps: { key: string; state: string; durationMs: number | null; detail: string | null }[];
  rollback: { key: string; state: string; detail: string | null }[];
  checks: { name: string; of: string; ok: boolean; detail: string }[];
  pairs: { from: string; to: string; kind: string | null }[];
};

const finished = (id: string) => finishedMigration<View>(id);

// What the socket room `migrations` would send the browsers (the dashboard and run page redraw on it):
// the room is registered on a stand-in for the socket server that keeps what is emitted.
const told: { room: string; event: string; change: { id: string; outcome: string } }[] = [];
beforeAll(async () => {
  const { registerMigrationRoom } = await import("@/lib/realtime/migration-room");
  const io = {
    to: (room: string) => ({
      emit: (event: string, change: { id: string; outcome: string }) => told.push({ room, event, change }),
    }),
    on: () => undefined,
  };
  registerMigrationRoom(io as unknown as Parameters<typeof registerMigrationRoom>[0]);
});

beforeAll(async () => {
  await deployHealthy(A);
  await sql(
    A,
    "CREATE TABLE items (id int primary key, label text); INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 250) g;",
  );
  await sql(
    A,
    "CREATE SCHEMA ledger; CREATE TABLE ledger.notes (id int); INSERT INTO ledger.notes VALUES (1), (2), (3);",
  );
}, 180_000);

afterAll(async () => {
  for (const project of [A, B, C]) await purgeWithVolumes({ docker, project });
  rmSync(process.env.PANEL_BACKUPS_DIR ?? "", { recursive: true, force: true });
}, 120_000);

describe("a guided migration on the real engine", () => {
  it("refuses bad input naming the field, writing nothing", async () => {
    await expectRefused("operator", migrate({ from: A, to: A }), "to");
    await expectRefused("operator", migrate({ from: "no-such-topology", to: B }), "from");
    await expectRefused("operator", migrate({ from: A, to: "no-such-topology" }), "to");
    await expectRefused(
      "operator",
      migrate({ from: A, to: B, mapping: { "pg-data": "nope" } }),
      "mapping.pg-data",
    );
    await expectRefused(
      "operator",
      migrate({ from: A, to: B, mapping: { elsewhere: "store" } }),
      "mapping.elsewhere",
    );
    await expectRefused("operator", migrate({ from: A, to: B, colour: "red" }), "colour");
    await expectRefused("viewer", migrate({ from: A, to: B }), null, 403);
    expect(
      (await docker.listVolumes({ filters: { label: [`com.docker.compose.project=${B}`] } })).Volumes ?? [],
    ).toEqual([]);
  });

  it("answers the dry run: every step, the rollback's steps and the postgres volume carried by service", async () => {
    const answer = await as("operator", migrate({ from: A, to: B, dryRun: true }));
    expect(answer.status).toBe(200);
    const { plan, targets } = dataOf<{ plan: View; targets: string[] }>(answer);
    expect(targets).toEqual(["store"]);
    expect(plan.pairs).toEqual([expect.objectContaining({ from: "pg-data", to: "store", kind: "postgres" })]);
    expect(plan.steps.map((s) => s.key)).toEqual([...FORWARD_STEPS]);
    expect(plan.rollback.map((s) => s.key)).toEqual([...ROLLBACK_STEPS]);
    expect(plan.steps.every((s) => s.state === "pending")).toBe(true);
  });

  let first = "";
  it("migrates A → B with the same row counts after, refusing other runs of either project meanwhile", async () => {
    const started = await as("operator", migrate({ from: A, to: B, dryRun: false }));
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    first = dataOf<{ id: string }>(started).id;
    const teardown = await as("operator", {
      method: "POST",
      path: "/api/v1/teardown",
      body: { topology: A },
    });
    expect(teardown.status).toBe(409);
    expect(JSON.stringify(teardown.body)).toContain(first);
    const deploy = await as("operator", {
      method: "POST",
      path: "/api/v1/deploy",
      body: { topology: B, strategy: "dag" },
    });
    expect(deploy.status).toBe(409);
    expect(JSON.stringify(deploy.body)).toContain(`Migration ${first}`);
    // A backup would pause A's services under the migration: refused too (only the migration's own passes).
    const backup = await as("operator", {
      method: "POST",
      path: `/api/v1/topologies/${A}/backups`,
      body: { pause: true },
    });
    expect(backup.status).toBe(409);
    expect(JSON.stringify(backup.body)).toContain(`Migration ${first}`);
    const view = await finished(first);
    expect(view, JSON.stringify(view, null, 2)).toMatchObject({
      status: "healthy",
      outcome: "migrated",
      failed: null,
    });
    expect(view.steps.map((s) => s.state)).toEqual(["done", "done", "done", "done", "done", "done"]);
    expect(view.steps.every((s) => (s.durationMs ?? -1) >= 0)).toBe(true);
    expect(view.rollback.every((s) => s.state === "pending")).toBe(true);
    expect(view.checks.find((c) => c.name === "postgres-rows")).toMatchObject({ of: "B", ok: true });
    expect(await sql(B, "SELECT count(*) FROM items")).toBe("250");
    expect(await sql(B, "SELECT count(*) FROM ledger.notes")).toBe("3");
    expect(
      (await docker.listContainers({ filters: { label: [`com.docker.compose.project=${A}`] } })).length,
    ).toBe(0);
    // The migration is a run of kind migration in history, its steps as phases.
    const run = dataOf<{ kind: string; phases: unknown[] }>(
      await as("viewer", { method: "GET", path: `/api/v1/runs/${first}` }),
    );
    expect(run.kind).toBe("migration");
    expect(run.phases.length).toBe(6);
    // Each stored change was told to the room: a step starting and ending (twelve saves), the last "migrated".
    const changes = told.filter((t) => t.change.id === first);
    expect(changes.every((t) => t.room === "migrations" && t.event === "migrations:changed")).toBe(true);
    expect(changes.length).toBeGreaterThanOrEqual(12);
    expect(changes.at(-1)?.change.outcome).toBe("migrated");
  }, 300_000);

  it("rolls back by itself when a check fails (C's postgres has another password): B is back with its rows", async () => {
    const started = await as("operator", migrate({ from: B, to: C, dryRun: false }));
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const view = await finished(dataOf<{ id: string }>(started).id);
    expect(view, JSON.stringify(view, null, 2)).toMatchObject({
      status: "failed",
      outcome: "rolled_back",
      failed: "postgres-rows",
    });
    expect(view.checks.find((c) => c.of === "B" && c.name === "postgres-rows")?.detail).toContain(
      "password authentication failed",
    );
    expect(view.steps.find((s) => s.key === "validate-b")?.state).toBe("failed");
    expect(view.rollback.map((s) => s.state)).toEqual(["done", "done", "done", "done"]);
    expect(view.checks.find((c) => c.of === "A" && c.name === "postgres-rows")?.ok).toBe(true);
    expect(await sql(B, "SELECT count(*) FROM items")).toBe("250");
    expect(
      (await docker.listContainers({ filters: { label: [`com.docker.compose.project=${C}`] } })).length,
    ).toBe(0);
  }, 400_000);

  it("has checked a success answer of every migration route", () => {
    expect(
      apiClient()
        .uncovered("success")
        .filter((route) => route.includes("migrations")),
    ).toEqual([]);
  });
});

// The panel on PostgreSQL (DATABASE_URL=postgresql://…): its migrations apply to a real server (a
// scratch cluster of Debian's postgresql), a deploy is recorded by the same recording module, and the
// run reads back through the same lib/db queries the pages and Compare use.
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startScratchPostgres, type ScratchPostgres } from "./fixtures/scratch-postgres";
import { fixtureService, fixtureTopology, dependsOn } from "./fixtures/fixture-topology";
import { purgeProject, uniqueProject } from "./fixtures/deploy-support";

let postgres: ScratchPostgres;
const project = uniqueProject();

beforeAll(async () => {
  postgres = await startScratchPostgres();
  // Before anything asks for the Prisma client: the client is made once per process from this URL.
  process.env.DATABASE_URL = postgres.url;
}, 60_000);

afterAll(async () => {
  const { getPrisma } = await import("@/lib/db/client");
  await getPrisma().$disconnect();
  await purgeProject(project);
  await postgres.stop();
});

describe("PostgreSQL as the panel's database", () => {
  it("applies the migrations once, and refuses a migration changed after it was applied", async () => {
    const { migratePostgres, POSTGRES_MIGRATIONS } = await import("@/lib/db/postgres-migrations");
    const first = await migratePostgres({ url: postgres.url });
    expect(first.length).toBeGreaterThan(0);
    expect(await migratePostgres({ url: postgres.url })).toEqual([]);
    const edited = mkdtempSync(join(tmpdir(), "pg-migrations-"));
    cpSync(POSTGRES_MIGRATIONS, edited, { recursive: true });
    writeFileSync(join(edited, first[0] as string, "migration.sql"), "SELECT 1;");
    await expect(migratePostgres({ url: postgres.url, dir: edited })).rejects.toThrow(
      new RegExp(`Migration ${first[0]} was changed after it was applied`),
    );
  });

  it("records a deploy and reads it back as the run page and Compare do", async () => {
    const { getPrisma } = await import("@/lib/db/client");
    const { startTeardown } = await import("@/lib/deploy");
    const { startApprovedDeploy } = await import("./fixtures/approved-deploy");
    const { currentOwnerId } = await import("@/lib/recording");
    const { startRunJournal } = await import("@/lib/recording/run-journal");
    const { getRunDetail, listRuns, runFilterValues } = await import("@/lib/db/runs");
    const { loadComparison } = await import("@/lib/runs/load-comparison");
    const { recordAudit, listAudit } = await import("@/lib/db/audit");
    const journal = startRunJournal({
      ownerId: currentOwnerId(),
      redact: () => (v) => v,
      onError: console.error,
    });
    try {
      const topology = fixtureTopology({
        project,
        services: [
          fixtureService({ name: "db" }),
          fixtureService({ name: "app", dependsOn: [dependsOn("db")] }),
        ],
      });
      const deploy = await startApprovedDeploy({
        topology,
        strategy: "dag",
        awaitDockerHealth: false,
        settings: { topology: "fixture" },
      }).done;
      expect(deploy.status).toBe("healthy");
      await journal.done(deploy.runId);

      const run = await getRunDetail(deploy.runId);
      expect(run).toMatchObject({ id: deploy.runId, status: "healthy", kind: "deploy", strategy: "dag" });
      expect(run?.settings).toMatchObject({ topology: "fixture" });
      expect(run?.services.map((s) => [s.service, s.state]).sort()).toEqual([
        ["app", "healthy"],
        ["db", "healthy"],
      ]);
      expect(run?.phases.flatMap((p) => p.services).sort()).toEqual(["app", "db"]);
      expect(run?.events.at(-1)?.type).toBe("run_finished");
      const { runs, total } = await listRuns({ filters: { strategy: "dag" } });
      expect(total).toBe(1);
      expect(runs[0]?.id).toBe(deploy.runId);
      const comparison = await loadComparison([deploy.runId]);
      expect(comparison.runs[0]?.totalMs).toBeCloseTo(deploy.totalMs);

      await recordAudit({ actor: "pg-test", action: "deploy.start", target: project, detail: { n: 1 } });
      expect((await listAudit({ page: 1, pageSize: 10 })).entries[0]).toMatchObject({ actor: "pg-test" });

      const teardown = await startTeardown({ project, stopTimeoutSeconds: 0 }).done;
      await journal.done(teardown.runId);
      expect(await getPrisma().run.count()).toBe(2);
      // The filters' values come from SQL (not Prisma's distinct): the same answer on PostgreSQL.
      const stored = await getPrisma().run.findMany({ select: { topology: true, strategy: true } });
      const distinctSorted = (values: string[]) => [...new Set(values)].sort();
      expect(await runFilterValues()).toEqual({
        topologies: distinctSorted(stored.map((r) => r.topology)),
        strategies: distinctSorted(stored.map((r) => r.strategy)),
      });
      expect((await runFilterValues()).strategies).toContain("dag");
    } finally {
      journal.stop();
    }
  }, 120_000);

  it("stores, rolls up and reads the resource history with the same SQL answers as on SQLite", async () => {
    const { maintainStatsHistory, readStatBuckets, statRowCounts, writeStatRows } =
      await import("@/lib/db/stats-history");
    const { statsHistoryView } = await import("@/lib/runs/stats-history-view");
    // Two hours of 10 s readings of one container on the panel's engine, and of a container of the
    // same name on an environment with another CPU; whole minutes from a round hour.
    const start = Math.floor(Date.now() / 3600_000) * 3600_000 - 2 * 3600_000;
    const reading = (environment: string | null, i: number, cpuPercent: number) => ({
      environment,
      project: "pg-hist",
      service: "api",
      container: "pg-hist-api-1",
      t: start + i * 10_000,
      resolutionS: 10,
      cpuPercent,
      memoryUsedBytes: 100,
      memoryLimitBytes: 1000,
      netRxBytes: i * 1000,
      netTxBytes: 0,
      blockReadBytes: 0,
      blockWriteBytes: 0,
    });
    await writeStatRows(
      Array.from({ length: 720 }, (_, i) => [reading(null, i, i % 6), reading("env-b", i, 50)]).flat(),
    );
    const read = (environment: string | null) =>
      readStatBuckets({
        environment,
        project: "pg-hist",
        fromMs: start,
        toMs: start + 3600_000,
        levelS: 10,
        bucketS: 300,
      });
    const local = await read(null);
    // FLOOR, not PostgreSQL's rounding CAST: 12 buckets of 5 min from the hour, each of 30 readings.
    expect(local.map((b) => b.t)).toEqual(Array.from({ length: 12 }, (_, i) => start + i * 300_000));
    expect(local[0]).toMatchObject({ cpuPercent: 2.5, cpuPercentMax: 5, service: "api" });
    expect(local[0]!.lastT).toBe(start + 290_000);
    expect((await read("env-b")).map((b) => b.cpuPercent)).toEqual(Array.from({ length: 12 }, () => 50));

    await maintainStatsHistory({ nowMs: start + 2 * 3600_000 + 60_000, retentionDays: 30 });
    const counts = await statRowCounts();
    // Both engines' two hours rolled into minutes and ten-minute rows apart.
    expect(counts[60]).toBe(2 * 120);
    expect(counts[600]).toBe(2 * 12);
    const view = await statsHistoryView({
      environment: "env-b",
      project: "pg-hist",
      fromMs: start,
      toMs: start + 2 * 3600_000,
      nowMs: start + 2 * 3600_000 + 60_000,
    });
    expect(view.series).toHaveLength(1);
    expect(view.series[0]!.points.every((p) => p.cpuPercent === 50)).toBe(true);
    // Network rates are counter differences: 1000 bytes per 10 s reading.
    expect(view.series[0]!.points.at(-1)!.netRxRate).toBeCloseTo(100, 0);
  }, 60_000);
});

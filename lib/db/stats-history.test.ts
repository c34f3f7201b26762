// The resource history against a real SQLite database migrated by the committed migrations: ticks
// roll up into 60 s and 600 s rows, old fine rows go once a coarser level covers them, the
// retention deletes what is older, and a range is read at the resolution its span asks for.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { migrateScratchSqlite } from "@/test/fixtures/scratch-sqlite";

const dir = vi.hoisted(() => {
  const scratch = `/tmp/ollamamax-stats-history-${process.pid}`;
  process.env.DATABASE_URL = `file:${scratch}/panel.db`;
  return scratch;
});

const { maintainStatsHistory, readStatBuckets, statRowCounts, writeStatRows } =
  await import("./stats-history");
const { getPrisma } = await import("./client");
const { resolutionFor, rollUp } = await import("./stats-rollup");
type StatRow = import("./stats-rollup").StatRow;

const DAY = 24 * 3600_000;
const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);

const row = (over: Partial<StatRow> & { t: number }): StatRow => ({
  environment: null,
  project: "hist",
  service: "api",
  container: "hist-api-1",
  resolutionS: 10,
  cpuPercent: 10,
  memoryUsedBytes: 100,
  memoryLimitBytes: 1000,
  netRxBytes: over.t / 1000,
  netTxBytes: 0,
  blockReadBytes: 0,
  blockWriteBytes: 0,
  ...over,
});

/** 10 s readings of one container from `fromMs` for `minutes` minutes, CPU = the reading's index. */
const ticks = (fromMs: number, minutes: number, over: Partial<StatRow> = {}): StatRow[] =>
  Array.from({ length: minutes * 6 }, (_, i) => row({ t: fromMs + i * 10_000, cpuPercent: i % 6, ...over }));

beforeEach(async () => {
  migrateScratchSqlite(path.join(dir, "panel.db"));
  await getPrisma().containerStatSample.deleteMany({});
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("rollUp", () => {
  it("averages CPU and memory per container and bucket, keeps the largest counters", () => {
    const rows = [
      row({ t: 0, cpuPercent: 10, netRxBytes: 5 }),
      row({ t: 10_000, cpuPercent: 30, netRxBytes: 9, service: "api-renamed" }),
      row({ t: 60_000, cpuPercent: 50, netRxBytes: 12 }),
      row({ t: 0, container: "hist-db-1", cpuPercent: 90, netRxBytes: 1 }),
    ];
    const rolled = rollUp(rows, 60);
    expect(
      rolled.map((r) => [r.container, r.t, r.cpuPercent, r.netRxBytes, r.resolutionS, r.service]),
    ).toEqual([
      ["hist-api-1", 0, 20, 9, 60, "api-renamed"],
      ["hist-db-1", 0, 90, 1, 60, "api"],
      ["hist-api-1", 60_000, 50, 12, 60, "api"],
    ]);
  });

  it("keeps a project's containers of one name on two engines apart", () => {
    const rolled = rollUp(
      [row({ t: 0, cpuPercent: 10 }), row({ t: 10_000, cpuPercent: 70, environment: "env-b" })],
      60,
    );
    expect(rolled.map((r) => [r.environment, r.cpuPercent])).toEqual([
      [null, 10],
      ["env-b", 70],
    ]);
  });
});

describe("resolutionFor", () => {
  it.each([
    [3600_000, 10, 10],
    [6 * 3600_000, 60, 60],
    [DAY, 60, 300],
    [7 * DAY, 600, 1800],
    [30 * DAY, 3600, 7200],
  ])("a range of %d ms ending now reads level %d in %d s buckets", (span, levelS, bucketS) => {
    expect(resolutionFor({ fromMs: NOW - span, toMs: NOW, nowMs: NOW })).toEqual({ levelS, bucketS });
  });

  it("a short range two days back reads the 60 s level (its 10 s rows are gone)", () => {
    expect(resolutionFor({ fromMs: NOW - 2 * DAY, toMs: NOW - 2 * DAY + 3600_000, nowMs: NOW })).toEqual({
      levelS: 60,
      bucketS: 60,
    });
  });
});

describe("maintainStatsHistory on SQLite", () => {
  it("rolls completed minutes and ten-minute buckets up, not the one still filling", async () => {
    const start = NOW - 25 * 60_000; // 25 minutes of ticks up to now
    await writeStatRows(ticks(start, 25));
    const report = await maintainStatsHistory({ nowMs: NOW, retentionDays: 30 });
    const counts = await statRowCounts();
    expect(counts[10]).toBe(150);
    // (now − 30 s) floored: minutes up to 11:59, ten-minute buckets up to 11:50.
    expect(report.rolledUpTo[60]).toBe(NOW - 60_000);
    expect(report.rolledUpTo[600]).toBe(NOW - 10 * 60_000);
    expect(counts[60]).toBe(24);
    expect(counts[600]).toBe(2); // 11:35 starts mid-bucket: 11:30–11:40 and 11:40–11:50
    const minutes = await getPrisma().containerStatSample.findMany({
      where: { resolutionS: 60 },
      orderBy: { t: "asc" },
    });
    expect(minutes[0]).toMatchObject({ t: start, cpuPercent: 2.5, netRxBytes: (start + 50_000) / 1000 });
    // A second pass adds nothing new (no duplicate buckets).
    await maintainStatsHistory({ nowMs: NOW, retentionDays: 30 });
    expect(await statRowCounts()).toEqual(counts);
  });

  it("deletes 10 s rows after 24 h and 60 s rows after 7 days, once covered, and everything past retention", async () => {
    await writeStatRows([
      ...ticks(NOW - DAY - 3600_000, 10), // 25 h old
      ...ticks(NOW - 3600_000, 10), // 1 h old
      ...ticks(NOW - 8 * DAY, 10, { resolutionS: 60 })
        .filter((_, i) => i % 6 === 0)
        .map((r) => ({ ...r, resolutionS: 60 })),
      row({ t: NOW - 31 * DAY, resolutionS: 600 }),
      row({ t: NOW - 29 * DAY, resolutionS: 600 }),
    ]);
    await maintainStatsHistory({ nowMs: NOW, retentionDays: 30 });
    const left = await getPrisma().containerStatSample.findMany({ orderBy: { t: "asc" } });
    const oldest = (resolutionS: number) =>
      Math.min(...left.filter((r) => r.resolutionS === resolutionS).map((r) => r.t));
    expect(oldest(10)).toBe(NOW - 3600_000); // the 25 h old ticks are gone…
    expect(left.filter((r) => r.resolutionS === 60 && r.t < NOW - DAY - 3000_000)).toHaveLength(10); // …as minutes
    expect(oldest(60)).toBeGreaterThanOrEqual(NOW - 7 * DAY); // the 8-day-old minutes are gone…
    expect(left.some((r) => r.resolutionS === 600 && r.t === NOW - 8 * DAY)).toBe(true); // …as a 10 min row
    expect(oldest(600)).toBe(NOW - 29 * DAY); // past 30 days: gone
  });

  it("keeps only `retentionDays` when the admin shortens it", async () => {
    await writeStatRows([
      row({ t: NOW - 3 * DAY, resolutionS: 600 }),
      row({ t: NOW - DAY / 2, resolutionS: 600 }),
    ]);
    const { deletedRows } = await maintainStatsHistory({ nowMs: NOW, retentionDays: 1 });
    expect(deletedRows).toBe(2); // the 3-day-old 600 s row and the hourly row rolled up from it
    const left = await getPrisma().containerStatSample.findMany({ orderBy: [{ resolutionS: "asc" }] });
    expect(left.map((r) => [r.resolutionS, r.t])).toEqual([
      [600, NOW - DAY / 2],
      [3600, Math.floor((NOW - DAY / 2) / 3600_000) * 3600_000],
    ]);
  });
});

describe("readStatBuckets on SQLite", () => {
  it("aggregates a project's rows per container into the asked buckets, in range only", async () => {
    await writeStatRows([
      ...ticks(NOW - 3600_000, 60),
      ...ticks(NOW - 3600_000, 60, { container: "hist-db-1", service: "db", cpuPercent: 40 }),
      ...ticks(NOW - 3600_000, 60, { project: "other" }),
    ]);
    const buckets = await readStatBuckets({
      environment: null,
      project: "hist",
      fromMs: NOW - 1800_000,
      toMs: NOW,
      levelS: 10,
      bucketS: 300,
    });
    expect(buckets).toHaveLength(12);
    const api = buckets.filter((b) => b.container === "hist-api-1");
    expect(api.map((b) => b.t)).toEqual(Array.from({ length: 6 }, (_, i) => NOW - 1800_000 + i * 300_000));
    expect(api[0]).toMatchObject({ cpuPercent: 2.5, cpuPercentMax: 5, service: "api" });
    expect(buckets.find((b) => b.container === "hist-db-1")?.cpuPercent).toBe(40);
  });

  it("reads one engine's rows: the panel's own (null) or an environment's", async () => {
    await writeStatRows([
      ...ticks(NOW - 600_000, 10, { cpuPercent: 5 }),
      ...ticks(NOW - 600_000, 10, { cpuPercent: 60, environment: "env-b" }),
    ]);
    const read = (environment: string | null) =>
      readStatBuckets({
        environment,
        project: "hist",
        fromMs: NOW - 600_000,
        toMs: NOW,
        levelS: 10,
        bucketS: 600,
      });
    expect((await read(null)).map((b) => b.cpuPercent)).toEqual([5]);
    expect((await read("env-b")).map((b) => b.cpuPercent)).toEqual([60]);
    expect(await read("env-c")).toEqual([]);
  });

  it("rolls each engine's rows up into its own rows", async () => {
    await writeStatRows([
      ...ticks(NOW - 2 * 3600_000, 30),
      ...ticks(NOW - 2 * 3600_000, 30, { environment: "env-b", cpuPercent: 50 }),
    ]);
    await maintainStatsHistory({ nowMs: NOW, retentionDays: 30 });
    const minutes = await getPrisma().containerStatSample.findMany({
      where: { resolutionS: 60 },
      select: { environment: true, cpuPercent: true },
    });
    expect(minutes.filter((r) => r.environment === null)).toHaveLength(30);
    expect(minutes.filter((r) => r.environment === "env-b").map((r) => r.cpuPercent)).toEqual(
      Array.from({ length: 30 }, () => 50),
    );
  });
});

// Run detail retention on a scratch SQLite file with the committed migrations (no engine needed):
// the events and stat buckets of finished runs older than the cutoff go, batch by batch; running
// and recent runs keep theirs; the summary, timings and effective file stay; the admin setting is
// read key by key, so a bad row never resets another setting.
import { describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db/client";
import { prunableRuns, pruneRunDetail } from "@/lib/db/run-retention";
import { readSettings, writeSetting } from "@/lib/db/settings";
import { applyRunRetention, retentionCutoff } from "@/lib/operations/run-retention";
import { scratchDatabase, scratchFolder } from "./fixtures/scratch-panel";

scratchDatabase({ dir: scratchFolder("retention-db-") });

const DAY_MS = 24 * 60 * 60 * 1000;

/** A deploy run `ageDays` old with 3 events, 2 stat buckets, a service and a phase timing and an effective file. */
const seedRun = async ({
  id,
  ageDays,
  status = "healthy",
}: {
  id: string;
  ageDays: number;
  status?: string;
}) => {
  const prisma = getPrisma();
  const startedAt = new Date(Date.now() - ageDays * DAY_MS);
  await prisma.run.create({
    data: {
      id,
      topology: "t",
      strategy: "dag",
      status,
      kind: "deploy",
      project: "p",
      startedAt,
      totalMs: 1234,
    },
  });
  await prisma.runEvent.createMany({
    data: [0, 1, 2].map((t) => ({ runId: id, t, at: startedAt, type: "phase", payload: "{}" })),
  });
  await prisma.runStatBucket.createMany({
    data: [0, 5000].map((t) => ({
      runId: id,
      service: "db",
      container: "c",
      t: startedAt.getTime() + t,
      samples: 5,
      cpuPercentAvg: 1,
      cpuPercentMax: 2,
      memoryUsedBytesAvg: 1,
      memoryUsedBytesMax: 2,
      memoryLimitBytes: 0,
      netRxRateAvg: 0,
      netTxRateAvg: 0,
    })),
  });
  await prisma.serviceTiming.create({
    data: { runId: id, service: "db", container: "c", phase: "data", state: "healthy", readyAtMs: 900 },
  });
  await prisma.phaseTiming.create({ data: { runId: id, index: 0, name: "data", services: '["db"]' } });
  await prisma.runEffectiveFile.create({ data: { runId: id, topology: "{}", masked: "[]" } });
};

const detailOf = async (id: string) => {
  const prisma = getPrisma();
  return {
    events: await prisma.runEvent.count({ where: { runId: id } }),
    buckets: await prisma.runStatBucket.count({ where: { runId: id } }),
    timings: await prisma.serviceTiming.count({ where: { runId: id } }),
    phases: await prisma.phaseTiming.count({ where: { runId: id } }),
    file: await prisma.runEffectiveFile.count({ where: { runId: id } }),
    run: await prisma.run.findUniqueOrThrow({
      where: { id },
      select: { totalMs: true, detailPrunedAt: true },
    }),
  };
};

describe("run detail retention", () => {
  it("deletes old finished runs' events and buckets in batches, keeping their summary; never a running or recent run's", async () => {
    for (let i = 0; i < 5; i++) await seedRun({ id: `old-${i}`, ageDays: 40 + i });
    await seedRun({ id: "old-running", ageDays: 41, status: "running" });
    await seedRun({ id: "recent", ageDays: 2 });
    const before = retentionCutoff({ days: 30 });
    expect(await prunableRuns({ before })).toBe(5);

    const now = new Date();
    const outcome = await pruneRunDetail({ before, now, batchRuns: 2 });
    expect(outcome).toEqual({ runs: 5, events: 15, statBuckets: 10 });
    for (let i = 0; i < 5; i++)
      expect(await detailOf(`old-${i}`)).toEqual({
        events: 0,
        buckets: 0,
        timings: 1,
        phases: 1,
        file: 1,
        run: { totalMs: 1234, detailPrunedAt: now },
      });
    for (const id of ["old-running", "recent"])
      expect(await detailOf(id)).toMatchObject({ events: 3, buckets: 2, run: { detailPrunedAt: null } });
    expect(await prunableRuns({ before })).toBe(0);
    expect(await pruneRunDetail({ before })).toEqual({ runs: 0, events: 0, statBuckets: 0 });
  });

  it("applies the admin's setting: nothing while it keeps detail for ever, then the runs past it, audited", async () => {
    await seedRun({ id: "ten-days", ageDays: 10 });
    expect(await applyRunRetention()).toBeNull();
    expect(await detailOf("ten-days")).toMatchObject({ events: 3 });
    await writeSetting({ key: "runDetailRetentionDays", value: 7, by: "admin" });
    expect(await applyRunRetention()).toEqual({ runs: 1, events: 3, statBuckets: 2 });
    expect(await detailOf("ten-days")).toMatchObject({ events: 0, buckets: 0, timings: 1 });
    const audit = await getPrisma().auditEvent.findFirstOrThrow({ where: { action: "retention.pruned" } });
    expect(JSON.parse(audit.detail ?? "{}")).toMatchObject({ days: 7, runs: 1, events: 3, statBuckets: 2 });
  });

  it("reads each setting alone: a bad retention row falls back to for ever and leaves 2FA required", async () => {
    await writeSetting({ key: "requireAdminTwoFactor", value: true, by: "admin" });
    await getPrisma().panelSetting.update({ where: { key: "runDetailRetentionDays" }, data: { value: "0" } });
    expect(await readSettings()).toEqual({
      requireAdminTwoFactor: true,
      runDetailRetentionDays: null,
      statsHistoryRetentionDays: 30,
    });
  });
});

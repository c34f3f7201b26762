// Run detail retention: a finished run's events and stat buckets (what grows fastest: hundreds of rows
// per run) are deleted once the run is older than the admin's retention; the run row with its
// measured summary, its service and phase timings and its effective file stay, and the row says when
// its detail went (`detailPrunedAt`).
import { getPrisma } from "./client";

/** How many runs one transaction prunes: short enough that a run being recorded never waits long. */
export const PRUNE_BATCH_RUNS = 200;

export type PruneOutcome = { runs: number; events: number; statBuckets: number };

/** The number of runs whose detail is older than `before` and still stored. */
export const prunableRuns = async ({ before }: { before: Date }): Promise<number> =>
  getPrisma().run.count({
    where: { detailPrunedAt: null, startedAt: { lt: before }, NOT: { status: "running" } },
  });

/**
 * Deletes the events and stat buckets of finished runs that started before `before`, a batch of runs
 * per transaction (yielding to other work between batches), and marks each run pruned.
 */
export const pruneRunDetail = async ({
  before,
  now = new Date(),
  batchRuns = PRUNE_BATCH_RUNS,
}: {
  before: Date;
  now?: Date;
  batchRuns?: number;
}): Promise<PruneOutcome> => {
  const prisma = getPrisma();
  const outcome: PruneOutcome = { runs: 0, events: 0, statBuckets: 0 };
  for (;;) {
    const runs = await prisma.run.findMany({
      where: { detailPrunedAt: null, startedAt: { lt: before }, NOT: { status: "running" } },
      orderBy: { startedAt: "asc" },
      take: batchRuns,
      select: { id: true },
    });
    if (runs.length === 0) return outcome;
    const ids = runs.map((r) => r.id);
    const [events, buckets] = await prisma.$transaction([
      prisma.runEvent.deleteMany({ where: { runId: { in: ids } } }),
      prisma.runStatBucket.deleteMany({ where: { runId: { in: ids } } }),
      prisma.run.updateMany({ where: { id: { in: ids } }, data: { detailPrunedAt: now } }),
    ]);
    outcome.runs += ids.length;
    outcome.events += events.count;
    outcome.statBuckets += buckets.count;
    await new Promise((resolve) => setImmediate(resolve));
  }
};

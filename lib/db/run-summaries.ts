import type { Run } from "@/generated/prisma/client";
import type { StatsBucket } from "@/lib/stats/downsample";
import { getPrisma } from "./client";

/** The run's summary columns, written once when it is stored. */
export type RunSummaryColumns = Pick<
  Run,
  | "firstNodeReadyMs"
  | "cpuAllocated"
  | "memAllocatedBytes"
  | "cpuAvgCores"
  | "cpuPeakCores"
  | "memAvgBytes"
  | "memPeakBytes"
  | "latencyP50Ms"
  | "latencyP95Ms"
  | "regression"
  | "baselineMedianMs"
  | "batchId"
>;

const bucketRow = (runId: string, b: StatsBucket) => ({
  runId,
  service: b.service,
  container: b.name,
  t: b.t,
  samples: b.samples,
  cpuPercentAvg: b.cpuPercentAvg,
  cpuPercentMax: b.cpuPercentMax,
  memoryUsedBytesAvg: b.memoryUsedBytesAvg,
  memoryUsedBytesMax: b.memoryUsedBytesMax,
  memoryLimitBytes: b.memoryLimitBytes,
  netRxRateAvg: b.netRxRateAvg,
  netTxRateAvg: b.netTxRateAvg,
});

/** Replaces a running run's stat buckets with the ones collected so far. */
export const storeRunBuckets = async ({ runId, buckets }: { runId: string; buckets: StatsBucket[] }) => {
  const prisma = getPrisma();
  await prisma.$transaction([
    prisma.runStatBucket.deleteMany({ where: { runId } }),
    prisma.runStatBucket.createMany({ data: buckets.map((b) => bucketRow(runId, b)) }),
  ]);
};

/** Stores a run's stat buckets and summary columns in one transaction. */
export const storeRunSummary = async ({
  runId,
  summary,
  buckets,
}: {
  runId: string;
  summary: RunSummaryColumns;
  buckets: StatsBucket[];
}): Promise<void> => {
  const prisma = getPrisma();
  await prisma.$transaction([
    prisma.runStatBucket.deleteMany({ where: { runId } }),
    prisma.runStatBucket.createMany({
      data: buckets.map((b) => bucketRow(runId, b)),
    }),
    prisma.run.update({ where: { id: runId }, data: summary }),
  ]);
};

/** A service's CPU throttling counters as a run stores them (see ServiceTiming.cpuThrottledMs). */
export type StoredThrottling = { periods: number; throttledPeriods: number; throttledMs: number };

/** Stores each service's throttling counters on the run's service rows (services not given stay null). */
export const storeServiceThrottling = async ({
  runId,
  byService,
}: {
  runId: string;
  byService: Record<string, StoredThrottling>;
}): Promise<void> => {
  const prisma = getPrisma();
  await prisma.$transaction(
    Object.entries(byService).map(([service, t]) =>
      prisma.serviceTiming.updateMany({
        where: { runId, service },
        data: {
          cpuPeriods: t.periods,
          cpuThrottledPeriods: t.throttledPeriods,
          cpuThrottledMs: t.throttledMs,
        },
      }),
    ),
  );
};

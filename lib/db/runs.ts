import type { Prisma } from "@/generated/prisma/client";
import { getPrisma } from "./client";

export type RunFilters = {
  topology?: string;
  strategy?: string;
  status?: string;
  kind?: string;
  /** undefined: every environment; null: the panel's own engine; else an Environment id. */
  environmentId?: string | null;
};

const LIST_FIELDS = {
  id: true,
  topology: true,
  strategy: true,
  status: true,
  kind: true,
  project: true,
  startedAt: true,
  finishedAt: true,
  totalMs: true,
  firstNodeReadyMs: true,
  cpuAllocated: true,
  memAllocatedBytes: true,
  cpuAvgCores: true,
  memAvgBytes: true,
  latencyP50Ms: true,
  regression: true,
  baselineMedianMs: true,
  batchId: true,
  fitCpuScale: true,
  fitMode: true,
  dataState: true,
  preparationMs: true,
  readyMs: true,
  dockerHealthyMs: true,
  environmentId: true,
} as const satisfies Prisma.RunSelect;

export type RunListRow = Prisma.RunGetPayload<{ select: typeof LIST_FIELDS }>;

const whereOf = ({ topology, strategy, status, kind, environmentId }: RunFilters): Prisma.RunWhereInput => ({
  ...(environmentId !== undefined ? { environmentId } : {}),
  ...(topology ? { topology } : {}),
  ...(strategy ? { strategy } : {}),
  ...(status ? { status } : {}),
  ...(kind ? { kind } : {}),
});

/** Runs, newest first, one page at a time, filtered. */
export const listRuns = async ({
  page = 1,
  pageSize = 50,
  filters = {},
}: { page?: number; pageSize?: number; filters?: RunFilters } = {}): Promise<{
  runs: RunListRow[];
  total: number;
}> => {
  const prisma = getPrisma();
  const where = whereOf(filters);
  const [runs, total] = await Promise.all([
    prisma.run.findMany({
      where,
      orderBy: { startedAt: "desc" },
      skip: (page - 1) * pageSize,
      take: pageSize,
      select: LIST_FIELDS,
    }),
    prisma.run.count({ where }),
  ]);
  return { runs, total };
};

/** Values the filters can take (distinct topologies and strategies that have runs). */
export const runFilterValues = async (): Promise<{ topologies: string[]; strategies: string[] }> => {
  const prisma = getPrisma();
  const [topologies, strategies] = await Promise.all([
    prisma.run.findMany({ distinct: ["topology"], select: { topology: true }, orderBy: { topology: "asc" } }),
    prisma.run.findMany({ distinct: ["strategy"], select: { strategy: true }, orderBy: { strategy: "asc" } }),
  ]);
  return { topologies: topologies.map((r) => r.topology), strategies: strategies.map((r) => r.strategy) };
};

/** One run with its phases, services, events and stat buckets. */
export const getRunDetail = (id: string) =>
  getPrisma().run.findUnique({
    where: { id },
    include: {
      phases: { orderBy: { index: "asc" } },
      services: { orderBy: { id: "asc" } },
      events: { orderBy: { t: "asc" } },
      statBuckets: { orderBy: { t: "asc" } },
    },
  });
export type RunDetail = NonNullable<Awaited<ReturnType<typeof getRunDetail>>>;

/** Runs to compare, in the order asked (the first is the baseline), with their timings. */
export const getRunsForCompare = async (ids: string[]) => {
  const rows = await getPrisma().run.findMany({
    where: { id: { in: ids } },
    include: { services: { orderBy: { id: "asc" } }, phases: { orderBy: { index: "asc" } } },
  });
  return ids.flatMap((id) => rows.filter((r) => r.id === id));
};

/** Runs of a batch ("run N times"), oldest first. */
export const getBatchRuns = (batchId: string) =>
  getPrisma().run.findMany({
    where: { batchId, kind: "deploy" },
    orderBy: { startedAt: "asc" },
    include: { services: { select: { service: true, readyAtMs: true } } },
  });

/** Deletes a run and everything stored with it. */
export const deleteRun = async (id: string): Promise<boolean> =>
  (await getPrisma().run.deleteMany({ where: { id } })).count > 0;

/** The settings JSON of a project's latest deploy run (what a scale run copies), or null. */
export const latestDeploySettings = async ({
  project,
  environmentId = null,
}: {
  project: string;
  /** null: the panel's own engine. */
  environmentId?: string | null;
}): Promise<string | null> =>
  (
    await getPrisma().run.findFirst({
      where: { project, kind: "deploy", environmentId },
      orderBy: { startedAt: "desc" },
      select: { settings: true },
    })
  )?.settings ?? null;

/** Scale runs that removed nodes carry this in their settings JSON; every other scale run added. */
const REMOVAL = '"direction":"down"';

/**
 * The node-addition (`up`) or node-removal (`down`) time of a deployed cluster: the first healthy
 * scale run of that direction after the deploy and before its next deploy or teardown — from the
 * request until the nodes answered through the load balancer, or until they were drained and gone.
 */
export const scaleTimeAfter = async ({
  project,
  startedAt,
  direction,
}: {
  project: string;
  startedAt: Date;
  direction: "up" | "down";
}): Promise<number | null> => {
  const prisma = getPrisma();
  const [next, scale] = await Promise.all([
    prisma.run.findFirst({
      where: { project, kind: { in: ["deploy", "teardown"] }, startedAt: { gt: startedAt } },
      orderBy: { startedAt: "asc" },
      select: { startedAt: true },
    }),
    prisma.run.findFirst({
      where: {
        project,
        kind: "scale",
        status: "healthy",
        startedAt: { gt: startedAt },
        ...(direction === "down"
          ? { settings: { contains: REMOVAL } }
          : { NOT: { settings: { contains: REMOVAL } } }),
      },
      orderBy: { startedAt: "asc" },
      select: { startedAt: true, totalMs: true },
    }),
  ]);
  return scale && (!next || scale.startedAt < next.startedAt) ? scale.totalMs : null;
};

/** A project's newest stored run (what the dashboard shows after a panel restart), or null. */
export const latestRun = ({
  project,
  environmentId = null,
}: {
  project: string;
  environmentId?: string | null;
}) =>
  getPrisma().run.findFirst({
    where: { project, environmentId },
    orderBy: { startedAt: "desc" },
    select: { id: true, kind: true, status: true, startedAt: true, totalMs: true, settings: true },
  });

/** The settings JSON of a project's newest healthy latency test, or null. */
export const latestLatencyTestSettings = async ({
  project,
  environmentId = null,
}: {
  project: string;
  environmentId?: string | null;
}): Promise<string | null> =>
  (
    await getPrisma().run.findFirst({
      where: { project, kind: "latency", status: "healthy", environmentId },
      orderBy: { startedAt: "desc" },
      select: { settings: true },
    })
  )?.settings ?? null;

/** Of `ids`, the runs made on an environment (null: the panel's own engine), in the order given. */
export const runIdsOn = async ({ ids, environmentId }: { ids: string[]; environmentId: string | null }) => {
  const found = new Set(
    (await getPrisma().run.findMany({ where: { id: { in: ids }, environmentId }, select: { id: true } })).map(
      (r) => r.id,
    ),
  );
  return ids.filter((id) => found.has(id));
};

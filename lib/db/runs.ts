import { Prisma, type Run } from "@/generated/prisma/client";
import { DATA_STATES, FIT_MODES, type FitMode } from "@/lib/run-vocabulary";
import { z } from "zod";
import { getPrisma } from "./client";
import type { LatencyTestReport } from "@/lib/deploy/latency-test";
import type { DataState, RunError, RunLeftovers, ServiceState } from "@/lib/deploy/types";
import {
  type StoredCleanupState,
  type StoredRunKind,
  type StoredRunSettings,
  type StoredRunStatus,
  type StoredStrategy,
  type TDataItem,
  type TFitChange,
  enumColumn,
  eventPayload,
  jsonColumn,
  latencyTestOf,
  ZCleanupState,
  ZDataItem,
  ZFitChange,
  ZLeftovers,
  ZRunError,
  ZRunKind,
  ZRunSettings,
  ZRunStatus,
  ZServiceState,
  ZStoredStrategy,
} from "./run-columns";

export type RunFilters = {
  topology?: string;
  strategy?: string;
  status?: string;
  kind?: string;
  /** undefined: every environment; null: the panel's own engine; else an Environment id. */
  environmentId?: string | null;
};

export const LIST_FIELDS = {
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

const ZDataState = z.enum(DATA_STATES);
const ZFitMode = z.enum(FIT_MODES);

type EnumColumns = {
  kind: StoredRunKind;
  status: StoredRunStatus;
  strategy: StoredStrategy;
  fitMode: FitMode | null;
  dataState: DataState | null;
};

/** The enum-like columns every run read carries, parsed (an unknown value reads as its fallback). */
export const typedRunColumns = <
  R extends { [K in keyof EnumColumns]: string | (null extends EnumColumns[K] ? null : never) },
>(
  row: R,
): Omit<R, keyof EnumColumns> & EnumColumns => ({
  ...row,
  kind: enumColumn(ZRunKind, row.kind, "deploy"),
  // A status this panel does not know was written by another version: the run is not running here.
  status: enumColumn(ZRunStatus, row.status, "interrupted"),
  strategy: enumColumn(ZStoredStrategy, row.strategy, "none"),
  fitMode: row.fitMode === null ? null : (ZFitMode.safeParse(row.fitMode).data ?? null),
  dataState: row.dataState === null ? null : (ZDataState.safeParse(row.dataState).data ?? null),
});

type RawListRow = Prisma.RunGetPayload<{ select: typeof LIST_FIELDS }>;
export type RunListRow = Omit<RawListRow, keyof EnumColumns> & EnumColumns;

/** The filters that are set, as (column, value) pairs: null matches the panel's own engine (IS NULL). */
const filterColumns = (filters: RunFilters): [keyof RunFilters, string | null][] =>
  (["environmentId", "topology", "strategy", "status", "kind"] as const).flatMap((column) => {
    const value = filters[column];
    // environmentId null is a filter ("the panel's own engine"); an empty topology, strategy, status or kind is none.
    const unset = value === undefined || (value === "" && column !== "environmentId");
    return unset ? [] : [[column, value] as [keyof RunFilters, string | null]];
  });

/** The filters as Prisma's where. */
export const whereOf = (filters: RunFilters): Prisma.RunWhereInput =>
  Object.fromEntries(filterColumns(filters));

/**
 * How many runs match, counted by the database from an index. Prisma's `count` wraps the query as
 * `COUNT(*) FROM (SELECT id … LIMIT -1)`, which reads the table for every matching row: at
 * 1,000,000 runs 71 ms unfiltered and 354 ms for one topology, against 10 ms and 36 ms for this.
 */
const countRuns = async (filters: RunFilters): Promise<number> => {
  // The column names come from filterColumns' own list, never from input.
  const conditions = filterColumns(filters).map(([column, value]) =>
    value === null
      ? Prisma.sql`${Prisma.raw(`"${column}"`)} IS NULL`
      : Prisma.sql`${Prisma.raw(`"${column}"`)} = ${value}`,
  );
  const where = conditions.length > 0 ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
  const [row] = await getPrisma().$queryRaw<
    { n: bigint | number }[]
  >`SELECT COUNT(*) AS n FROM "Run" ${where}`;
  return Number(row?.n ?? 0);
};

/** Runs, newest first, one page at a time, filtered (the panel's pages; the API pages by cursor, run-pages.ts). */
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
    countRuns(filters),
  ]);
  return { runs: runs.map(typedRunColumns), total };
};

/**
 * The distinct values of an indexed Run column, read by skipping through its index: the next value
 * after each one (a "loose index scan"), so the cost grows with the number of values, not of runs
 * (1,000,000 runs: 0.2 ms against 54 ms for SELECT DISTINCT, which reads every index entry). The
 * same statement on SQLite and PostgreSQL.
 */
const distinctValues = async (column: "topology" | "strategy"): Promise<string[]> => {
  // The column is one of two names written here, never input.
  const name = Prisma.raw(`"${column}"`);
  const rows = await getPrisma().$queryRaw<{ value: string | null }[]>`
    WITH RECURSIVE skip(value) AS (
      SELECT MIN(${name}) FROM "Run"
      UNION ALL
      SELECT (SELECT MIN(${name}) FROM "Run" WHERE ${name} > skip.value) FROM skip WHERE skip.value IS NOT NULL
    )
    SELECT value FROM skip WHERE value IS NOT NULL`;
  return rows.flatMap((r) => (r.value === null ? [] : [r.value]));
};

/** Values the filters can take: the distinct topologies and strategies that have runs, in order. */
export const runFilterValues = async (): Promise<{ topologies: string[]; strategies: string[] }> => {
  const [topologies, strategies] = await Promise.all([
    distinctValues("topology"),
    distinctValues("strategy"),
  ]);
  return { topologies, strategies };
};

const DETAIL_INCLUDE = {
  phases: { orderBy: { index: "asc" } },
  services: { orderBy: { id: "asc" } },
  events: { orderBy: { t: "asc" } },
  statBuckets: { orderBy: { t: "asc" } },
} as const satisfies Prisma.RunInclude;

type RawRun = Prisma.RunGetPayload<{ include: { phases: true; services: true } }>;
type RawPhase = RawRun["phases"][number];
type RawService = RawRun["services"][number];

type RawColumns = Run;
type JsonColumns = {
  error: RunError | null;
  settings: StoredRunSettings;
  fitChanges: TFitChange[] | null;
  dataItems: TDataItem[] | null;
  imageIds: Record<string, string | null> | null;
  cleanupState: StoredCleanupState | null;
  cleanupLeftovers: RunLeftovers | null;
};
/** A run's own columns: JSON parsed, enum-like strings typed. */
export type ParsedColumns = Omit<RawColumns, keyof EnumColumns | keyof JsonColumns> &
  EnumColumns &
  JsonColumns;

/** A stored run with its phases and services, every column parsed. */
export type ParsedRun = ParsedColumns & {
  phases: (Omit<RawPhase, "services"> & { services: string[] })[];
  services: (Omit<RawService, "state"> & { state: ServiceState })[];
};

const parsedColumns = (row: Run): ParsedColumns => ({
  ...typedRunColumns(row),
  error: jsonColumn(ZRunError, row.error),
  settings: jsonColumn(ZRunSettings, row.settings) ?? {},
  fitChanges: jsonColumn(z.array(ZFitChange), row.fitChanges),
  dataItems: jsonColumn(z.array(ZDataItem), row.dataItems),
  imageIds: jsonColumn(z.record(z.string(), z.string().nullable()), row.imageIds),
  cleanupState: row.cleanupState === null ? null : enumColumn(ZCleanupState, row.cleanupState, "failed"),
  cleanupLeftovers: jsonColumn(ZLeftovers, row.cleanupLeftovers),
});

const parsedRun = ({ phases, services, ...row }: RawRun): ParsedRun => ({
  ...parsedColumns(row),
  phases: phases.map((p) => ({ ...p, services: jsonColumn(z.array(z.string()), p.services) ?? [] })),
  services: services.map((s) => ({ ...s, state: enumColumn(ZServiceState, s.state, "failed") })),
});

/** One run with its phases, services, events and stat buckets. */
export const getRunDetail = async (id: string) => {
  const row = await getPrisma().run.findUnique({ where: { id }, include: DETAIL_INCLUDE });
  if (!row) return null;
  return {
    ...parsedRun(row),
    statBuckets: row.statBuckets,
    events: row.events.map((e) => ({ ...e, payload: eventPayload(e.payload) })),
  };
};
export type RunDetail = NonNullable<Awaited<ReturnType<typeof getRunDetail>>>;

/** Runs to compare, in the order asked (the first is the baseline), with their timings. */
export const getRunsForCompare = async (ids: string[]) => {
  const rows = await getPrisma().run.findMany({
    where: { id: { in: ids } },
    include: { services: { orderBy: { id: "asc" } }, phases: { orderBy: { index: "asc" } } },
  });
  return ids.flatMap((id) => rows.filter((r) => r.id === id)).map((r) => parsedRun(r));
};
export type CompareRun = Awaited<ReturnType<typeof getRunsForCompare>>[number];

/** Runs of a batch ("run N times"), oldest first. */
export const getBatchRuns = async (batchId: string) =>
  (
    await getPrisma().run.findMany({
      where: { batchId, kind: "deploy" },
      orderBy: { startedAt: "asc" },
      include: { services: { select: { service: true, readyAtMs: true } } },
    })
  ).map(({ services, ...row }) => ({ ...parsedColumns(row), services }));

/** Deletes a run and everything stored with it. */
export const deleteRun = async (id: string): Promise<boolean> =>
  (await getPrisma().run.deleteMany({ where: { id } })).count > 0;

/** The settings of a project's latest deploy run (what a scale run copies); {} when none is stored. */
export const latestDeploySettings = async ({
  project,
  environmentId = null,
}: {
  project: string;
  /** null: the panel's own engine. */
  environmentId?: string | null;
}): Promise<StoredRunSettings> =>
  jsonColumn(
    ZRunSettings,
    (
      await getPrisma().run.findFirst({
        where: { project, kind: "deploy", environmentId },
        orderBy: { startedAt: "desc" },
        select: { settings: true },
      })
    )?.settings ?? null,
  ) ?? {};

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
export const latestRun = async ({
  project,
  environmentId = null,
}: {
  project: string;
  environmentId?: string | null;
}) => {
  const row = await getPrisma().run.findFirst({
    where: { project, environmentId },
    orderBy: { startedAt: "desc" },
    select: { id: true, kind: true, status: true, startedAt: true, totalMs: true },
  });
  return row
    ? {
        ...row,
        kind: enumColumn(ZRunKind, row.kind, "deploy"),
        status: enumColumn(ZRunStatus, row.status, "interrupted"),
      }
    : null;
};

/** The report of a project's newest healthy latency test, or null. */
export const latestLatencyTest = async ({
  project,
  environmentId = null,
}: {
  project: string;
  environmentId?: string | null;
}): Promise<LatencyTestReport | null> => {
  const row = await getPrisma().run.findFirst({
    where: { project, kind: "latency", status: "healthy", environmentId },
    orderBy: { startedAt: "desc" },
    select: { settings: true },
  });
  return latencyTestOf(jsonColumn(ZRunSettings, row?.settings ?? null) ?? {});
};

/** Of `ids`, the runs made on an environment (null: the panel's own engine), in the order given. */
export const runIdsOn = async ({ ids, environmentId }: { ids: string[]; environmentId: string | null }) => {
  const found = new Set(
    (await getPrisma().run.findMany({ where: { id: { in: ids }, environmentId }, select: { id: true } })).map(
      (r) => r.id,
    ),
  );
  return ids.filter((id) => found.has(id));
};

/** Whether any run is stored (on any engine): the first-visit tour is over once one is. */
export const anyRunStored = async (): Promise<boolean> =>
  (await getPrisma().run.findFirst({ select: { id: true } })) !== null;

/** The newest healthy deploy of a topology (by name), or null. */
export const latestHealthyDeployId = async ({ topology }: { topology: string }): Promise<string | null> =>
  (
    await getPrisma().run.findFirst({
      where: { topology, kind: "deploy", status: "healthy" },
      orderBy: { startedAt: "desc" },
      select: { id: true },
    })
  )?.id ?? null;

/**
 * The runs that deployed the given run again ("deploy this again": settings.redeployOf), oldest
 * first. A redeploy keeps its run's topology and starts after it: only those runs are read (the
 * (topology, startedAt) index), not every run's settings — at 1,000,000 runs a scan of all of them
 * would cost a run page hundreds of ms.
 */
export const redeploysOf = async ({
  runId,
  topology,
  startedAt,
}: {
  runId: string;
  topology: string;
  startedAt: Date;
}): Promise<string[]> =>
  (
    await getPrisma().run.findMany({
      // settings is JSON text written by JSON.stringify: the key and value are adjacent, quoted.
      where: {
        topology,
        startedAt: { gt: startedAt },
        kind: "deploy",
        settings: { contains: `"redeployOf":${JSON.stringify(runId)}` },
      },
      orderBy: { startedAt: "asc" },
      select: { id: true },
    })
  ).map((row) => row.id);

/**
 * A project on one engine (an Environment id; null: the panel's own) and a time range [fromMs,
 * toMs): what the resource history's markers are read for.
 */
export type ProjectRange = { environment: string | null; project: string; fromMs: number; toMs: number };

/** A project's runs on the engine that started in [fromMs, toMs): the markers on the resource history's time axis. */
export const runMarkers = async ({ environment, project, fromMs, toMs }: ProjectRange) => {
  const rows = await getPrisma().run.findMany({
    where: {
      project,
      environmentId: environment,
      startedAt: { gte: new Date(fromMs), lt: new Date(toMs) },
    },
    orderBy: { startedAt: "asc" },
    select: { id: true, kind: true, status: true, startedAt: true },
    take: 500,
  });
  return rows.map((r) => ({
    runId: r.id,
    t: r.startedAt.getTime(),
    kind: enumColumn(ZRunKind, r.kind, "deploy"),
    status: enumColumn(ZRunStatus, r.status, "interrupted"),
  }));
};

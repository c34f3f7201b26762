import type { Prisma, Run } from "@/generated/prisma/client";
import { FIT_MODES } from "@/lib/compose/fit-modes";
import { z } from "zod";
import { getPrisma } from "./client";
import type { LatencyTestReport } from "@/lib/deploy/latency-test";
import type { DataState, RunError, RunLeftovers, ServiceState } from "@/lib/deploy/types";
import type { FitMode } from "@/lib/compose/fit-modes";
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

const ZDataState = z.enum(["cold", "warm", "mixed", "none"]);
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

export const whereOf = ({
  topology,
  strategy,
  status,
  kind,
  environmentId,
}: RunFilters): Prisma.RunWhereInput => ({
  ...(environmentId !== undefined ? { environmentId } : {}),
  ...(topology ? { topology } : {}),
  ...(strategy ? { strategy } : {}),
  ...(status ? { status } : {}),
  ...(kind ? { kind } : {}),
});

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
    prisma.run.count({ where }),
  ]);
  return { runs: runs.map(typedRunColumns), total };
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

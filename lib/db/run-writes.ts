// Writes of the run recorder (lib/recording): plain rows in, no subscriptions, no Docker.
import type { Prisma } from "@/generated/prisma/client";
import { getPrisma } from "./client";

/** The Run columns the recorder owns (everything but the id and the summary columns). */
export type RunRow = Omit<
  Prisma.RunUncheckedCreateInput,
  "id" | "phases" | "services" | "events" | "statBuckets"
>;
export type PhaseRow = Omit<Prisma.PhaseTimingCreateManyInput, "id" | "runId">;
export type ServiceRow = Omit<Prisma.ServiceTimingCreateManyInput, "id" | "runId">;
export type EventRow = Omit<Prisma.RunEventCreateManyInput, "id" | "runId">;

export type WriteRunProgressOptions = {
  runId: string;
  run: RunRow;
  /** Replace the run's phase and service rows with these (null: leave them). */
  phases: PhaseRow[] | null;
  services: ServiceRow[] | null;
  /** Appended to the run's events. */
  events: EventRow[];
};

/** Upserts the run, replaces its timings and appends its new events, in one transaction. */
export const writeRunProgress = async ({
  runId,
  run,
  phases,
  services,
  events,
}: WriteRunProgressOptions): Promise<void> => {
  const prisma = getPrisma();
  await prisma.$transaction([
    prisma.run.upsert({ where: { id: runId }, create: { id: runId, ...run }, update: run }),
    ...(phases
      ? [
          prisma.phaseTiming.deleteMany({ where: { runId } }),
          prisma.phaseTiming.createMany({ data: phases.map((row) => ({ runId, ...row })) }),
        ]
      : []),
    ...(services
      ? [
          prisma.serviceTiming.deleteMany({ where: { runId } }),
          prisma.serviceTiming.createMany({ data: services.map((row) => ({ runId, ...row })) }),
        ]
      : []),
    prisma.runEvent.createMany({ data: events.map((row) => ({ runId, ...row })) }),
  ]);
};

export type CleanupColumns = { cleanupState: string; cleanupLeftovers: string | null };

/** Stores a later cleanup verdict (the background retry's) and its event. */
export const writeRunCleanup = async ({
  runId,
  cleanup,
  event,
}: {
  runId: string;
  cleanup: CleanupColumns;
  event: EventRow;
}): Promise<void> => {
  const prisma = getPrisma();
  await prisma.$transaction([
    prisma.run.updateMany({ where: { id: runId }, data: cleanup }),
    prisma.runEvent.create({ data: { runId, ...event } }),
  ]);
};

/** Appends events to a stored run (late ones: the background cleanup's lines). */
export const appendRunEvents = async ({ runId, events }: { runId: string; events: EventRow[] }) => {
  await getPrisma().runEvent.createMany({ data: events.map((row) => ({ runId, ...row })) });
};

/** Runs stored as in flight: id, owner and what they reached. */
export const runsInFlight = async (): Promise<
  { id: string; ownerId: string | null; reachedState: string | null; startedAt: Date; kind: string }[]
> =>
  getPrisma().run.findMany({
    where: { status: "running" },
    select: { id: true, ownerId: true, reachedState: true, startedAt: true, kind: true },
  });

/** Marks a run whose panel process died as interrupted, keeping everything it stored. */
export const markRunInterrupted = async ({
  runId,
  error,
  finishedAt,
}: {
  runId: string;
  error: string;
  finishedAt: Date;
}): Promise<void> => {
  await getPrisma().run.updateMany({
    where: { id: runId, status: "running" },
    data: { status: "interrupted", error, finishedAt, cleanupState: "pending" },
  });
};

export type StoredRunBrief = {
  id: string;
  status: string;
  kind: string;
  project: string;
  topology: string;
  startedAt: Date;
  reachedState: string | null;
  cleanupState: string | null;
  adoptedAt: Date | null;
};

/** What the database knows of these runs (unknown ids are absent). */
export const runBriefs = async ({ ids }: { ids: string[] }): Promise<StoredRunBrief[]> =>
  getPrisma().run.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      status: true,
      kind: true,
      project: true,
      topology: true,
      startedAt: true,
      reachedState: true,
      cleanupState: true,
      adoptedAt: true,
    },
  });

/** Marks a run's objects as the deployed state (they stay; the dashboard stops listing them). */
export const markRunAdopted = async ({ runId, at }: { runId: string; at: Date }): Promise<void> => {
  await getPrisma().run.updateMany({ where: { id: runId }, data: { adoptedAt: at, cleanupState: null } });
};

/** Sets the cleanup columns of a run (e.g. "done" once a teardown of its leftovers confirmed nothing is left). */
export const setRunCleanup = async ({ runId, cleanup }: { runId: string; cleanup: CleanupColumns }) => {
  await getPrisma().run.updateMany({ where: { id: runId }, data: cleanup });
};

/** Appends a panel line to a stored run's reached state (e.g. what resume watching saw). */
export const setRunReachedState = async ({
  runId,
  reachedState,
}: {
  runId: string;
  reachedState: string;
}) => {
  await getPrisma().run.updateMany({ where: { id: runId }, data: { reachedState } });
};

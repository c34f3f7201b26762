// Migrations (lib/operations/migration.ts) are stored as runs of kind "migration": the state with
// every step (lib/migrations/steps.ts) in the settings column, rewritten at each step, and the
// finished steps as the run's phases, so history and the run page show their timings.
import { z } from "zod";
import { ZMigrationState, type MigrationState, type MigrationStep } from "@/lib/migrations/steps";
import { getPrisma } from "./client";
import { jsonColumn, ZRunStatus, type StoredRunStatus } from "./run-columns";

const ZMigrationSettings = z
  .object({ migration: ZMigrationState, by: z.string(), byUserId: z.string(), byRole: z.string() })
  .loose();

/** Who started a migration (a resumed one runs as them, with the role they had). */
export type MigrationOwner = { by: string; byUserId: string; byRole: string };

export type MigrationRow = {
  id: string;
  status: StoredRunStatus;
  startedAt: Date;
  finishedAt: Date | null;
  ownerId: string | null;
  environmentId: string | null;
  owner: MigrationOwner;
  state: MigrationState;
};

/** Stores a new migration run (status running) with its planned steps. */
export const createMigrationRun = async ({
  id,
  state,
  owner,
  ownerId,
  environmentId,
}: {
  id: string;
  state: MigrationState;
  owner: MigrationOwner;
  ownerId: string;
  environmentId: string | null;
}): Promise<void> => {
  await getPrisma().run.create({
    data: {
      id,
      kind: "migration",
      topology: state.to,
      project: state.toProject,
      strategy: "none",
      status: "running",
      settings: JSON.stringify({ migration: state, ...owner, from: state.from, to: state.to }),
      ownerId,
      environmentId,
      reachedState: "planned",
    },
  });
};

const phasesOf = ({ steps, startedAt }: { steps: MigrationStep[]; startedAt: Date }) =>
  steps
    .filter((s) => s.startedAt !== null)
    .map((s, index) => ({
      index,
      name: s.title,
      services: JSON.stringify([]),
      startedAtMs: s.startedAt ? Date.parse(s.startedAt) - startedAt.getTime() : null,
      readyAtMs: s.state === "done" && s.finishedAt ? Date.parse(s.finishedAt) - startedAt.getTime() : null,
    }));

/**
 * Rewrites a migration's state (and its steps as phases) in one transaction; with `status` it
 * also ends the run (its total time, its error sentence when it failed).
 */
export const saveMigrationRun = async ({
  id,
  state,
  owner,
  reachedState,
  status,
  error,
}: {
  id: string;
  state: MigrationState;
  owner: MigrationOwner;
  reachedState: string;
  status?: Exclude<StoredRunStatus, "running">;
  error?: string | null;
}): Promise<void> => {
  const prisma = getPrisma();
  const run = await prisma.run.findUnique({ where: { id }, select: { startedAt: true } });
  if (!run) return;
  const finishedAt = status ? new Date() : null;
  await prisma.$transaction([
    prisma.phaseTiming.deleteMany({ where: { runId: id } }),
    prisma.phaseTiming.createMany({
      data: phasesOf({ steps: [...state.steps, ...state.rollback], startedAt: run.startedAt }).map((p) => ({
        runId: id,
        ...p,
      })),
    }),
    prisma.run.update({
      where: { id },
      data: {
        settings: JSON.stringify({ migration: state, ...owner, from: state.from, to: state.to }),
        reachedState,
        ...(status && finishedAt
          ? {
              status,
              finishedAt,
              totalMs: finishedAt.getTime() - run.startedAt.getTime(),
              error: error
                ? JSON.stringify({ message: error, service: null, logTail: [], healthOutput: null })
                : null,
            }
          : {}),
      },
    }),
  ]);
};

const rowOf = (row: {
  id: string;
  status: string;
  startedAt: Date;
  finishedAt: Date | null;
  ownerId: string | null;
  environmentId: string | null;
  settings: string | null;
}): MigrationRow | null => {
  const settings = jsonColumn(ZMigrationSettings, row.settings);
  if (!settings) return null;
  return {
    id: row.id,
    status: ZRunStatus.safeParse(row.status).data ?? "failed",
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    ownerId: row.ownerId,
    environmentId: row.environmentId,
    owner: { by: settings.by, byUserId: settings.byUserId, byRole: settings.byRole },
    state: settings.migration,
  };
};

const SELECT = {
  id: true,
  status: true,
  startedAt: true,
  finishedAt: true,
  ownerId: true,
  environmentId: true,
  settings: true,
} as const;

/** A migration by its run id; null when there is none (or the run is of another kind). */
export const getMigrationRun = async (id: string): Promise<MigrationRow | null> => {
  const row = await getPrisma().run.findFirst({ where: { id, kind: "migration" }, select: SELECT });
  return row ? rowOf(row) : null;
};

/** Migrations stored as running (a dead panel's ones are resumed at boot). */
export const migrationRunsInFlight = async (): Promise<MigrationRow[]> =>
  (
    await getPrisma().run.findMany({ where: { kind: "migration", status: "running" }, select: SELECT })
  ).flatMap((row) => rowOf(row) ?? []);

/** Claims a stored migration for this panel process (its resume). */
export const setMigrationOwner = async ({ id, ownerId }: { id: string; ownerId: string }): Promise<void> => {
  await getPrisma().run.updateMany({ where: { id }, data: { ownerId } });
};

// Experiments and their repetitions (lib/operations/experiment.ts runs them): stored when created,
// updated per repetition, so a panel restart resumes them. JSON columns stay text here; the
// operation layer parses them with its own schemas.
import { z } from "zod";
import { getPrisma } from "./client";
import { enumColumn } from "./run-columns";

export const EXPERIMENT_STATUSES = [
  "queued",
  "running",
  "done",
  "failed",
  "cancelled",
  "interrupted",
] as const;
const ZExperimentStatus = z.enum(EXPERIMENT_STATUSES);
export type ExperimentStatus = z.infer<typeof ZExperimentStatus>;

export const REPETITION_STATUSES = ["running", "done", "failed", "discarded"] as const;
const ZRepetitionStatus = z.enum(REPETITION_STATUSES);
export type RepetitionStatus = z.infer<typeof ZRepetitionStatus>;

export type ExperimentRepetitionRow = {
  slot: number;
  variant: number;
  repetition: number;
  warmup: boolean;
  runId: string | null;
  status: RepetitionStatus;
  reason: string | null;
  startedAt: Date;
  finishedAt: Date | null;
};

export type ExperimentRow = {
  id: string;
  name: string;
  definition: string;
  seed: number;
  schedule: string;
  status: ExperimentStatus;
  completed: number;
  total: number;
  calibration: string | null;
  environment: string | null;
  by: string;
  byUserId: string;
  byRole: string;
  ownerId: string | null;
  reason: string | null;
  cancelRequested: boolean;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
};

type RawExperiment = Omit<ExperimentRow, "status"> & { status: string };
type RawRepetition = Omit<ExperimentRepetitionRow, "status"> & { status: string };

// A status written by another version of the panel reads as interrupted: nothing here runs it.
const typedExperiment = (row: RawExperiment): ExperimentRow => ({
  ...row,
  status: enumColumn(ZExperimentStatus, row.status, "interrupted"),
});
const typedRepetition = ({
  slot,
  variant,
  repetition,
  warmup,
  runId,
  status,
  reason,
  startedAt,
  finishedAt,
}: RawRepetition): ExperimentRepetitionRow => ({
  slot,
  variant,
  repetition,
  warmup,
  runId,
  status: enumColumn(ZRepetitionStatus, status, "discarded"),
  reason,
  startedAt,
  finishedAt,
});

/** Stores a new experiment as queued. */
export const createExperiment = async (
  experiment: Pick<
    ExperimentRow,
    | "id"
    | "name"
    | "definition"
    | "seed"
    | "schedule"
    | "total"
    | "environment"
    | "by"
    | "byUserId"
    | "byRole"
  >,
): Promise<void> => {
  await getPrisma().experiment.create({ data: { ...experiment, status: "queued" } });
};

/** Records progress, calibration, the owner or the end of an experiment. */
export const updateExperiment = async ({
  id,
  ...data
}: Partial<
  Pick<
    ExperimentRow,
    | "status"
    | "completed"
    | "calibration"
    | "ownerId"
    | "reason"
    | "cancelRequested"
    | "startedAt"
    | "finishedAt"
  >
> & { id: string }): Promise<void> => {
  await getPrisma().experiment.updateMany({ where: { id }, data });
};

/** One experiment with its repetitions (schedule order), or null. */
export const getExperiment = async ({
  id,
}: {
  id: string;
}): Promise<(ExperimentRow & { repetitions: ExperimentRepetitionRow[] }) | null> => {
  const row = await getPrisma().experiment.findUnique({
    where: { id },
    include: { repetitions: { orderBy: { slot: "asc" } } },
  });
  if (!row) return null;
  const { repetitions, ...experiment } = row;
  return { ...typedExperiment(experiment), repetitions: repetitions.map(typedRepetition) };
};

/** Experiments, newest first. */
export const listExperiments = async ({ take = 100 }: { take?: number } = {}): Promise<ExperimentRow[]> =>
  (await getPrisma().experiment.findMany({ orderBy: { createdAt: "desc" }, take })).map(typedExperiment);

/** Experiments stored as queued or running (by any process). */
export const activeExperiments = async (): Promise<ExperimentRow[]> =>
  (
    await getPrisma().experiment.findMany({
      where: { status: { in: ["queued", "running"] } },
      orderBy: { createdAt: "asc" },
    })
  ).map(typedExperiment);

/** Stores a repetition as started (or replaces a slot's earlier row: a slot runs once). */
export const startRepetition = async ({
  experimentId,
  slot,
  variant,
  repetition,
  warmup,
}: { experimentId: string } & Pick<
  ExperimentRepetitionRow,
  "slot" | "variant" | "repetition" | "warmup"
>) => {
  await getPrisma().experimentRepetition.upsert({
    where: { experimentId_slot: { experimentId, slot } },
    create: { experimentId, slot, variant, repetition, warmup, status: "running" },
    update: {
      variant,
      repetition,
      warmup,
      status: "running",
      runId: null,
      reason: null,
      startedAt: new Date(),
      finishedAt: null,
    },
  });
};

/** Records a repetition's run, or its end. */
export const updateRepetition = async ({
  experimentId,
  slot,
  ...data
}: { experimentId: string; slot: number } & Partial<
  Pick<ExperimentRepetitionRow, "runId" | "status" | "reason" | "finishedAt">
>): Promise<void> => {
  await getPrisma().experimentRepetition.updateMany({ where: { experimentId, slot }, data });
};

// "Run N times" batches: stored when they start, updated per finished deploy, so a restart keeps them.
import { z } from "zod";
import { getPrisma } from "./client";
import { enumColumn } from "./run-columns";

const ZBatchStatus = z.enum(["running", "done", "stopped", "interrupted"]);
export type BatchStatus = z.infer<typeof ZBatchStatus>;

export type BatchRow = {
  id: string;
  times: number;
  /** The deploy request as JSON (written and read by lib/operations/batch.ts). */
  request: string;
  by: string;
  status: BatchStatus;
  completed: number;
  ownerId: string | null;
  reason: string | null;
  createdAt: Date;
  finishedAt: Date | null;
};

// A status written by another version of the panel reads as interrupted: nothing here runs it.
const typedBatch = (row: Omit<BatchRow, "status"> & { status: string }): BatchRow => ({
  ...row,
  status: enumColumn(ZBatchStatus, row.status, "interrupted"),
});

/** Stores a batch as running. */
export const createBatch = async (batch: Pick<BatchRow, "id" | "times" | "request" | "by" | "ownerId">) => {
  await getPrisma().batch.create({ data: { ...batch, status: "running" } });
};

/** Records progress or the end of a batch. */
export const updateBatch = async ({
  id,
  ...data
}: Partial<Pick<BatchRow, "status" | "completed" | "reason" | "finishedAt">> & { id: string }) => {
  await getPrisma().batch.updateMany({ where: { id }, data });
};

/** Batches stored as running (by any process). */
export const runningBatches = async (): Promise<BatchRow[]> =>
  (await getPrisma().batch.findMany({ where: { status: "running" } })).map(typedBatch);

/** One batch, or null. */
export const getBatch = async ({ id }: { id: string }): Promise<BatchRow | null> => {
  const row = await getPrisma().batch.findUnique({ where: { id } });
  return row ? typedBatch(row) : null;
};

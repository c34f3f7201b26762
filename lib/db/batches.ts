// "Run N times" batches: stored when they start, updated per finished deploy, so a restart keeps them.
import { getPrisma } from "./client";

export type BatchRow = {
  id: string;
  times: number;
  request: string;
  by: string;
  status: string;
  completed: number;
  ownerId: string | null;
  reason: string | null;
  createdAt: Date;
  finishedAt: Date | null;
};

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
  getPrisma().batch.findMany({ where: { status: "running" } });

/** One batch, or null. */
export const getBatch = async ({ id }: { id: string }): Promise<BatchRow | null> =>
  getPrisma().batch.findUnique({ where: { id } });

import { getPrisma } from "./client";

export type RunSummary = {
  id: string;
  topology: string;
  strategy: string;
  status: string;
  startedAt: Date;
  finishedAt: Date | null;
};

/** Runs, newest first, one page at a time. */
export const listRuns = async ({
  page = 1,
  pageSize = 50,
}: { page?: number; pageSize?: number } = {}): Promise<{
  runs: RunSummary[];
  total: number;
}> => {
  const prisma = getPrisma();
  const [runs, total] = await Promise.all([
    prisma.run.findMany({ orderBy: { startedAt: "desc" }, skip: (page - 1) * pageSize, take: pageSize }),
    prisma.run.count(),
  ]);
  return { runs, total };
};

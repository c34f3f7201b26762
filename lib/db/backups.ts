// Backups (lib/backups): one row per snapshot, indexing its folder and carrying its progress.
import { z } from "zod";
import { getPrisma } from "./client";
import { enumColumn } from "./run-columns";

/** A backup row's status; an interrupted "running" is reported as incomplete by lib/operations. */
export const BACKUP_STATUSES = ["running", "complete", "failed"] as const;
export type BackupStatus = (typeof BACKUP_STATUSES)[number];
const ZBackupStatus = z.enum(BACKUP_STATUSES);

export type BackupRow = {
  id: string;
  topology: string;
  project: string;
  environment: string | null;
  folder: string | null;
  status: BackupStatus;
  consistency: string | null;
  runId: string | null;
  totalBytes: number;
  bytesDone: number;
  bytesExpected: number;
  error: string | null;
  by: string;
  createdAt: Date;
  finishedAt: Date | null;
};

const typed = <T extends { status: string }>(row: T) => ({
  ...row,
  status: enumColumn(ZBackupStatus, row.status, "failed"),
});

/** Stores a new backup as running. */
export const createBackupRow = async (row: {
  id: string;
  topology: string;
  project: string;
  environment: string | null;
  runId: string | null;
  bytesExpected: number;
  by: string;
}): Promise<void> => {
  await getPrisma().backup.create({ data: { ...row, status: "running" } });
};

/** Updates a backup's progress or outcome. */
export const updateBackupRow = async (
  id: string,
  data: Partial<
    Pick<BackupRow, "folder" | "status" | "consistency" | "totalBytes" | "bytesDone" | "error" | "finishedAt">
  >,
): Promise<void> => {
  await getPrisma().backup.update({ where: { id }, data });
};

/** One backup, or null. */
export const getBackupRow = async (id: string): Promise<BackupRow | null> => {
  const row = await getPrisma().backup.findUnique({ where: { id } });
  return row ? typed(row) : null;
};

/** Backups newest first, of one topology when given. */
export const listBackupRows = async ({ topology }: { topology?: string }): Promise<BackupRow[]> =>
  (
    await getPrisma().backup.findMany({
      where: topology === undefined ? {} : { topology },
      orderBy: { createdAt: "desc" },
    })
  ).map(typed);

/** Removes a backup's row. */
export const deleteBackupRow = async (id: string): Promise<void> => {
  await getPrisma()
    .backup.delete({ where: { id } })
    .catch(() => undefined);
};

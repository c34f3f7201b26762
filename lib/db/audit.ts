import { getPrisma } from "./client";

export type AuditEntry = {
  actor: string | null;
  action: string;
  target?: string | null;
  detail?: unknown;
  address?: string | null;
  ok?: boolean;
};
export type AuditRecord = {
  id: string;
  at: Date;
  actor: string | null;
  action: string;
  target: string | null;
  detail: string | null;
  address: string | null;
  ok: boolean;
};

/** Appends to the audit log. Callers pass details already redacted. */
export const recordAudit = async ({
  actor,
  action,
  target = null,
  detail,
  address = null,
  ok = true,
}: AuditEntry): Promise<void> => {
  await getPrisma().auditEvent.create({
    data: {
      actor,
      action,
      target,
      address,
      ok,
      detail: detail === undefined ? null : JSON.stringify(detail),
    },
  });
};

/** Audit entries, newest first, one page at a time. */
export const listAudit = async ({
  page = 1,
  pageSize = 100,
}: { page?: number; pageSize?: number } = {}): Promise<{ entries: AuditRecord[]; total: number }> => {
  const prisma = getPrisma();
  const [entries, total] = await Promise.all([
    prisma.auditEvent.findMany({ orderBy: { at: "desc" }, skip: (page - 1) * pageSize, take: pageSize }),
    prisma.auditEvent.count(),
  ]);
  return { entries, total };
};

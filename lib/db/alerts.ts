// Alerts (lib/alerts): one open row per key while a condition lasts, then resolved; and the
// per-project rule settings. Plain typed data in and out.
import { getPrisma } from "./client";
import type { ProjectRange } from "./runs";

export type AlertRow = {
  id: string;
  key: string;
  rule: string;
  project: string | null;
  service: string | null;
  environment: string | null;
  runId: string | null;
  title: string;
  detail: string;
  openedAt: Date;
  lastSeenAt: Date;
  seen: number;
  resolvedAt: Date | null;
  resolvedDetail: string | null;
};

export type NewAlert = Pick<
  AlertRow,
  "key" | "rule" | "project" | "service" | "environment" | "runId" | "title" | "detail"
>;

/**
 * Opens an alert, or counts it again when one with the same key is open (deduplicated: `opened`
 * false, nothing to send).
 */
export const openAlert = async (alert: NewAlert): Promise<{ alert: AlertRow; opened: boolean }> =>
  getPrisma().$transaction(async (tx) => {
    const open = await tx.alert.findFirst({ where: { key: alert.key, resolvedAt: null } });
    if (open)
      return {
        alert: await tx.alert.update({
          where: { id: open.id },
          data: { seen: { increment: 1 }, lastSeenAt: new Date() },
        }),
        opened: false,
      };
    return { alert: await tx.alert.create({ data: alert }), opened: true };
  });

/** Resolves the open alert of a key; null when none is open. */
export const resolveAlert = async ({
  key,
  detail,
}: {
  key: string;
  detail: string;
}): Promise<AlertRow | null> =>
  getPrisma().$transaction(async (tx) => {
    const open = await tx.alert.findFirst({ where: { key, resolvedAt: null } });
    if (!open) return null;
    return tx.alert.update({
      where: { id: open.id },
      data: { resolvedAt: new Date(), resolvedDetail: detail },
    });
  });

/** The open alerts (optionally of one project). */
export const openAlerts = async ({ project }: { project?: string } = {}): Promise<AlertRow[]> =>
  getPrisma().alert.findMany({
    where: { resolvedAt: null, ...(project === undefined ? {} : { project }) },
    orderBy: { openedAt: "desc" },
  });

/** Alerts newest first, one page at a time; `status` narrows to open or resolved ones. */
export const listAlerts = async ({
  status,
  project,
  take,
  skip,
}: {
  status?: "open" | "resolved";
  project?: string;
  take: number;
  skip: number;
}): Promise<{ alerts: AlertRow[]; total: number }> => {
  const where = {
    ...(status === "open"
      ? { resolvedAt: null }
      : status === "resolved"
        ? { resolvedAt: { not: null } }
        : {}),
    ...(project === undefined ? {} : { project }),
  };
  const prisma = getPrisma();
  const [alerts, total] = await Promise.all([
    prisma.alert.findMany({ where, orderBy: { openedAt: "desc" }, take, skip }),
    prisma.alert.count({ where }),
  ]);
  return { alerts, total };
};

/** How many alerts are open. */
export const countOpenAlerts = async (): Promise<number> =>
  getPrisma().alert.count({ where: { resolvedAt: null } });

export type StoredRuleSetting = {
  project: string;
  rule: string;
  enabled: boolean;
  threshold: number | null;
  remedy: boolean;
};

/** Every stored rule setting (a project without rows uses the defaults). */
export const listRuleSettings = async (): Promise<StoredRuleSetting[]> =>
  getPrisma().alertRuleSetting.findMany({
    orderBy: [{ project: "asc" }, { rule: "asc" }],
    select: { project: true, rule: true, enabled: true, threshold: true, remedy: true },
  });

/** Stores a project's rule settings in one transaction. */
export const saveRuleSettings = async ({
  settings,
  by,
}: {
  settings: StoredRuleSetting[];
  by: string | null;
}): Promise<void> => {
  await getPrisma().$transaction(
    settings.map((s) =>
      getPrisma().alertRuleSetting.upsert({
        where: { project_rule: { project: s.project, rule: s.rule } },
        create: { ...s, updatedBy: by },
        update: { enabled: s.enabled, threshold: s.threshold, remedy: s.remedy, updatedBy: by },
      }),
    ),
  );
};

/** A project's alerts on the engine opened in [fromMs, toMs): the alert markers on the resource history's time axis. */
export const alertMarkers = async ({
  environment,
  project,
  fromMs,
  toMs,
}: ProjectRange): Promise<
  { alertId: string; t: number; rule: string; title: string; resolvedT: number | null }[]
> =>
  (
    await getPrisma().alert.findMany({
      where: { project, environment, openedAt: { gte: new Date(fromMs), lt: new Date(toMs) } },
      orderBy: { openedAt: "asc" },
      select: { id: true, rule: true, title: true, openedAt: true, resolvedAt: true },
      take: 500,
    })
  ).map((a) => ({
    alertId: a.id,
    t: a.openedAt.getTime(),
    rule: a.rule,
    title: a.title,
    resolvedT: a.resolvedAt?.getTime() ?? null,
  }));

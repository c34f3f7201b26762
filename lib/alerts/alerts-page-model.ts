// The alerts page's data: open alerts, a page of resolved ones, and (for admins) the channels with
// their latest deliveries. The page only lays it out.
import { listAlerts, type AlertRow } from "@/lib/db/alerts";
import { channelsForDisplay, type ChannelListing } from "./channels";
import { ALERT_RULES } from "./rules";

export const RESOLVED_PAGE_SIZE = 25;

export type AlertLine = {
  id: string;
  rule: string;
  ruleTitle: string;
  title: string;
  detail: string;
  where: string;
  openedAt: string;
  resolvedAt: string | null;
  resolvedDetail: string | null;
  seen: number;
};

export type AlertsPageModel = {
  open: AlertLine[];
  resolved: AlertLine[];
  resolvedTotal: number;
  page: number;
  channels: ChannelListing[] | null;
  rules: {
    rule: string;
    title: string;
    threshold: number | null;
    unit: string | null;
    description: string;
  }[];
};

const lineOf = (a: AlertRow): AlertLine => ({
  id: a.id,
  rule: a.rule,
  ruleTitle: ALERT_RULES.find((r) => r.rule === a.rule)?.title ?? a.rule,
  title: a.title,
  detail: a.detail,
  where: [a.environment ?? "local", a.project, a.service].filter(Boolean).join(" / "),
  openedAt: a.openedAt.toISOString(),
  resolvedAt: a.resolvedAt?.toISOString() ?? null,
  resolvedDetail: a.resolvedDetail,
  seen: a.seen,
});

/** Loads the page: channels only for admins (they hold URLs and addresses). */
export const alertsPageModel = async ({
  page,
  admin,
}: {
  page: number;
  admin: boolean;
}): Promise<AlertsPageModel> => {
  const [open, resolved, channels] = await Promise.all([
    listAlerts({ status: "open", take: 200, skip: 0 }),
    listAlerts({ status: "resolved", take: RESOLVED_PAGE_SIZE, skip: (page - 1) * RESOLVED_PAGE_SIZE }),
    admin ? channelsForDisplay() : Promise.resolve(null),
  ]);
  return {
    open: open.alerts.map(lineOf),
    resolved: resolved.alerts.map(lineOf),
    resolvedTotal: resolved.total,
    page,
    channels,
    rules: ALERT_RULES.map(({ rule, title, threshold, unit, description }) => ({
      rule,
      title,
      threshold,
      unit,
      description,
    })),
  };
};

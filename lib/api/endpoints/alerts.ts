// /api/v1 alerts (docs/ALERTS.md): alerts are for every role to read; channels (where the panel
// sends them — a URL or mail server the admin names) and rule settings are the admin's.
import { z } from "zod";
import {
  channelsForDisplay,
  addChannel,
  changeRules,
  removeChannel,
  rulesFor,
  testChannel,
} from "@/lib/alerts";
import { CHANNEL_KINDS, ZNewChannel } from "@/lib/alerts/channel-settings";
import { ALERT_RULE_NAMES, ZRuleChanges } from "@/lib/alerts/rules";
import { ALERT_MESSAGE_EVENTS, DELIVERY_OUTCOMES } from "@/lib/db/alert-channels";
import { listAlerts } from "@/lib/db/alerts";
import { json } from "@/lib/http/respond";
import { defineEndpoint } from "../endpoint";
import { decodeCursor, encodeCursor, limitParam, ZCursorParam } from "../pages";
import { pageOf } from "../schemas";

const ZDate = z.iso.datetime({ offset: true });

const ZAlert = z.object({
  id: z.string(),
  rule: z.enum(ALERT_RULE_NAMES),
  project: z.string().nullable(),
  service: z.string().nullable(),
  environment: z.string().nullable().describe("null: the panel's own engine"),
  runId: z.string().nullable(),
  title: z.string(),
  detail: z.string(),
  openedAt: ZDate,
  lastSeenAt: ZDate.describe("the last time the condition was seen again while open (not sent again)"),
  seen: z.number().describe("how many times the condition was seen while open"),
  resolvedAt: ZDate.nullable().describe("null: still open"),
  resolvedDetail: z.string().nullable(),
});

const ZDelivery = z.object({
  id: z.string(),
  channelId: z.string(),
  alertId: z.string().nullable().describe("null: a test"),
  event: z.enum(ALERT_MESSAGE_EVENTS),
  outcome: z.enum(DELIVERY_OUTCOMES),
  attempts: z.number(),
  error: z.string().nullable(),
  at: ZDate,
});

const ZChannel = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(CHANNEL_KINDS),
  settings: z
    .record(z.string(), z.unknown())
    .describe("everything but the secrets (headers, token, password)"),
  hasSecret: z.boolean().describe("a secret is stored (sealed; never given out)"),
  maxPerMinute: z.number(),
  createdAt: ZDate,
  createdBy: z.string().nullable(),
  lastSentAt: ZDate.nullable(),
  lastError: z.string().nullable().describe("the last failed delivery's error"),
  lastErrorAt: ZDate.nullable(),
  deliveries: z.array(ZDelivery).describe("the latest 10"),
});

const ZChannelId = z.object({ id: z.string().describe("the channel's id or name") });
const ZProject = z.object({
  project: z.string().describe('the Compose project; "*" for engine-wide rules (data root)'),
});
const ZCursor = z.object({ offset: z.number().int().min(0) });

const ZRules = z.object({
  project: z.string(),
  rules: z.array(
    z.object({
      rule: z.enum(ALERT_RULE_NAMES),
      enabled: z.boolean(),
      threshold: z.number().nullable(),
      unit: z.string().nullable(),
      remedy: z.boolean().optional().describe("restarts the container once when the alert opens"),
    }),
  ),
});

export const alertsEndpoint = defineEndpoint(
  {
    method: "GET",
    path: "/alerts",
    tag: "alerts",
    summary: "Alerts, newest first: open ones and resolved ones",
    access: "viewer",
    query: z.strictObject({
      limit: limitParam({ fallback: 50, max: 200 }),
      cursor: ZCursorParam,
      status: z.enum(["open", "resolved"]).optional().describe("only open or only resolved alerts"),
      project: z.string().min(1).optional(),
    }),
    answers: [{ status: 200, description: "a page of alerts", kind: "envelope", data: pageOf(ZAlert) }],
    errors: [],
  },
  async ({ query }) => {
    const offset = decodeCursor(query.cursor, ZCursor)?.offset ?? 0;
    const { alerts, total } = await listAlerts({
      status: query.status,
      project: query.project,
      take: query.limit,
      skip: offset,
    });
    const next = offset + alerts.length;
    return json({
      items: alerts.map(({ key: _key, ...alert }) => alert),
      nextCursor: next < total ? encodeCursor({ offset: next }) : null,
    });
  },
);

export const alertChannelsEndpoint = defineEndpoint(
  {
    method: "GET",
    path: "/alert-channels",
    tag: "alerts",
    summary: "Where alerts are sent, with each channel's latest deliveries and failures",
    access: "admin",
    answers: [{ status: 200, description: "the channels", kind: "envelope", data: z.array(ZChannel) }],
    errors: [],
  },
  async () => json(await channelsForDisplay()),
);

export const addAlertChannelEndpoint = defineEndpoint(
  {
    method: "POST",
    path: "/alert-channels",
    tag: "alerts",
    summary:
      "Add a channel: a webhook (JSON with Slack's `text` and Discord's `content`), ntfy, or email over SMTP",
    description:
      "The panel sends to the URL or mail server named here, from the panel's host: only admins may set it. A URL must be http:// or https://; redirects are not followed. Secrets (webhook `headers`, ntfy `token`, SMTP `password`) are sealed at rest and never given out.",
    access: "admin",
    body: ZNewChannel,
    answers: [{ status: 201, description: "added", kind: "envelope", data: ZChannel }],
    errors: ["conflict"],
  },
  async ({ principal, address, body }) =>
    json(await addChannel({ principal, address, request: body }), { status: 201 }),
);

export const testAlertChannelEndpoint = defineEndpoint(
  {
    method: "POST",
    path: "/alert-channels/{id}/test",
    tag: "alerts",
    summary: "Send a test message now (with the retries) and answer its outcome",
    access: "admin",
    params: ZChannelId,
    answers: [
      {
        status: 200,
        description: "the outcome, also recorded on the channel",
        kind: "envelope",
        data: z.object({
          channelId: z.string(),
          outcome: z.enum(DELIVERY_OUTCOMES),
          attempts: z.number(),
          error: z.string().nullable(),
        }),
      },
    ],
    errors: ["not_found"],
  },
  async ({ principal, address, params }) =>
    json(await testChannel({ principal, address, id: params.id ?? "" })),
);

export const removeAlertChannelEndpoint = defineEndpoint(
  {
    method: "DELETE",
    path: "/alert-channels/{id}",
    tag: "alerts",
    summary: "Remove a channel and its delivery history",
    access: "admin",
    params: ZChannelId,
    answers: [
      { status: 200, description: "removed", kind: "envelope", data: z.object({ deleted: z.literal(true) }) },
    ],
    errors: ["not_found"],
  },
  async ({ principal, address, params }) => {
    await removeChannel({ principal, address, id: params.id ?? "" });
    return json({ deleted: true as const });
  },
);

export const alertRulesEndpoint = defineEndpoint(
  {
    method: "GET",
    path: "/alert-rules/{project}",
    tag: "alerts",
    summary: "The alert rules in force for a project (every rule is on by default)",
    access: "viewer",
    params: ZProject,
    answers: [{ status: 200, description: "the rules", kind: "envelope", data: ZRules }],
    errors: [],
  },
  async ({ params }) => json(await rulesFor(params.project ?? "")),
);

export const changeAlertRulesEndpoint = defineEndpoint(
  {
    method: "POST",
    path: "/alert-rules/{project}",
    tag: "alerts",
    summary: "Turn rules off or on and change thresholds for a project",
    description:
      "A threshold must be greater than 0 (a percentage at most 100); a rule without a threshold takes none.",
    access: "admin",
    params: ZProject,
    body: ZRuleChanges,
    answers: [{ status: 200, description: "the rules now in force", kind: "envelope", data: ZRules }],
    errors: [],
  },
  async ({ principal, address, params, body }) =>
    json(await changeRules({ principal, address, project: params.project ?? "", changes: body })),
);

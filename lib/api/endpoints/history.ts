// /api/v1 reads of a cluster over time (docs/HISTORY.md): its stored resource history and its
// services' logs merged into one view.
import { z } from "zod";
import { loadPanelTopology } from "@/lib/catalog/topologies";
import { AppError } from "@/lib/errors";
import { json } from "@/lib/http/respond";
import { LOG_QUERY_MAX_CHARS, LOG_STREAMS } from "@/lib/log-query";
import { clusterLogs } from "@/lib/operations/cluster-logs";
import { findStoredEnvironmentId } from "@/lib/operations/environments";
import { statsHistoryView } from "@/lib/runs/stats-history-view";
import { defineEndpoint } from "../endpoint";

const HOUR_MS = 3600_000;
/** The widest range one request may read (the longest retention an admin may set). */
const MAX_RANGE_MS = 366 * 24 * HOUR_MS;

const badQuery = (field: string, why: string): AppError =>
  new AppError("bad_request", `Fix these query parameters: ${field}: ${why}`, [
    { path: field, message: why },
  ]);

/** An instant given as ms since the epoch or an ISO 8601 time; a 400 naming `field` otherwise. */
const instantOf = (field: string, text: string | undefined, fallback: number): number => {
  if (text === undefined || text === "") return fallback;
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(ms) || ms < 0)
    throw badQuery(
      field,
      `"${text}" is not a time: give ms since the epoch or ISO 8601 (2026-12-07T10:00:00Z)`,
    );
  return ms;
};

/** The project a topology's cluster runs as; a 404 naming the topology when it does not load. */
const projectOf = async (name: string): Promise<string> => {
  const loaded = await loadPanelTopology({ name, forDisplay: true });
  if (!loaded?.result.ok)
    throw new AppError("not_found", `No loadable topology "${name}": GET /api/v1/topologies lists them.`);
  return loaded.result.topology.project;
};

const ZTopologyParam = z.string().min(1, "name a topology").describe("the topology's folder name");
const ZInstantParam = (what: string) =>
  z.string().optional().describe(`${what}: ms since the epoch or ISO 8601`);

const rate = z
  .number()
  .nullable()
  .describe("bytes per second over the bucket; null for the first or after a restart");
const ZStatsHistory = z.object({
  environment: z.string().nullable().describe("the environment's id; null: the panel's own engine"),
  project: z.string(),
  fromMs: z.number(),
  toMs: z.number(),
  levelS: z.number().describe("the stored resolution read: 10, 60 or 600 s"),
  bucketS: z.number().describe("the width of one point (s)"),
  series: z.array(
    z.object({
      container: z.string(),
      service: z.string(),
      points: z.array(
        z.object({
          t: z.number().describe("bucket start, ms since the epoch"),
          cpuPercent: z.number().describe("average; 100 is one core"),
          cpuPercentMax: z.number(),
          memoryUsedBytes: z.number(),
          memoryLimitBytes: z.number(),
          netRxRate: rate,
          netTxRate: rate,
          blockReadRate: rate,
          blockWriteRate: rate,
        }),
      ),
    }),
  ),
  markers: z.array(
    z.object({
      runId: z.string(),
      t: z.number(),
      kind: z.string().describe("deploy, teardown, scale or latency"),
      status: z.string(),
    }),
  ),
  alerts: z.array(
    z.object({
      alertId: z.string(),
      t: z.number().describe("when it opened, ms since the epoch"),
      rule: z.string().describe("one of the alert rules (docs/ALERTS.md)"),
      title: z.string(),
      resolvedT: z.number().nullable().describe("when it was resolved; null while open"),
    }),
  ),
});

export const statsHistoryEndpoint = defineEndpoint(
  {
    method: "GET",
    path: "/stats/history",
    tag: "cluster",
    summary: "A cluster's stored resource history",
    description:
      "Per container: CPU, memory, network and block I/O from the live charts' readers, stored every 10 s while the cluster runs on the engine asked for (1 min rows after 24 h, 10 min after 7 days, kept for the admin's retention). The resolution follows the range (at most about 400 points per container); the topology's runs that started in the range come as markers, its alerts opened in the range as alerts.",
    access: "viewer",
    query: z.strictObject({
      topology: ZTopologyParam,
      environment: z
        .string()
        .optional()
        .describe("the engine the cluster ran on, by name or id (default: local, the panel's own)"),
      from: ZInstantParam("start of the range (default: an hour before `to`)"),
      to: ZInstantParam("end of the range (default: now)"),
    }),
    answers: [{ status: 200, description: "the history", kind: "envelope", data: ZStatsHistory }],
    errors: ["not_found"],
  },
  async ({ query }) => {
    const nowMs = Date.now();
    const toMs = instantOf("to", query.to, nowMs);
    const fromMs = instantOf("from", query.from, toMs - HOUR_MS);
    if (fromMs >= toMs) throw badQuery("from", "must be before `to`");
    if (toMs - fromMs > MAX_RANGE_MS) throw badQuery("from", "the range may span 366 days at most");
    const environment = await findStoredEnvironmentId(query.environment);
    if (environment === undefined)
      throw badQuery(
        "environment",
        `no environment "${query.environment}": GET /api/v1/environments lists them`,
      );
    const project = await projectOf(query.topology);
    return json(await statsHistoryView({ environment, project, fromMs, toMs, nowMs }));
  },
);

const LOG_LIMIT = { fallback: 2000, max: 10_000 };
const ZClusterLogs = z.object({
  project: z.string(),
  services: z.array(z.string()).describe("every service with a container, for the filter"),
  truncated: z
    .boolean()
    .describe(
      "more lines matched than `limit`, or a container had more than `limit` lines in the range (only its newest were searched): the newest are kept",
    ),
  lines: z.array(
    z.object({
      t: z.number().describe("the Engine's timestamp, ms since the epoch"),
      service: z.string(),
      container: z.string(),
      stream: z.enum(LOG_STREAMS),
      line: z.string().describe("redacted like the per-service view"),
    }),
  ),
});

export const logsEndpoint = defineEndpoint(
  {
    method: "GET",
    path: "/logs",
    tag: "cluster",
    summary: "Every service's log of a cluster, interleaved by timestamp",
    description:
      "The output of the topology's containers in a time range, merged by the Engine's timestamps, redacted with the project's secrets, filtered by service, stream and text (or a regular expression with `regex=true`; one that does not compile is a 400 naming `q`). Follow by asking again with `since` = the last line's `t` + 1.",
    access: "viewer",
    query: z.strictObject({
      topology: ZTopologyParam,
      service: z.string().optional().describe("only these services, comma-separated"),
      stream: z.enum(LOG_STREAMS).optional(),
      q: z
        .string()
        .max(LOG_QUERY_MAX_CHARS, `${LOG_QUERY_MAX_CHARS} characters at most`)
        .optional()
        .describe("text to find (case-insensitive), or a regular expression with regex=true"),
      regex: z.enum(["true", "false"]).optional().describe("read `q` as a regular expression"),
      since: ZInstantParam("lines at or after (default: an hour ago)"),
      until: ZInstantParam("lines before (default: now)"),
      limit: z.coerce
        .number()
        .int("a whole number")
        .min(1, "1 or more")
        .max(LOG_LIMIT.max, `${LOG_LIMIT.max} at most`)
        .default(LOG_LIMIT.fallback)
        .describe(`the newest lines kept (1…${LOG_LIMIT.max}, default ${LOG_LIMIT.fallback})`),
    }),
    answers: [{ status: 200, description: "the merged log", kind: "envelope", data: ZClusterLogs }],
    errors: ["not_found", "engine_unreachable"],
  },
  async ({ query }) => {
    const nowMs = Date.now();
    const sinceMs = instantOf("since", query.since, nowMs - HOUR_MS);
    const untilMs = query.until === undefined ? undefined : instantOf("until", query.until, nowMs);
    if (untilMs !== undefined && sinceMs >= untilMs) throw badQuery("since", "must be before `until`");
    const project = await projectOf(query.topology);
    const services = (query.service ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const logs = await clusterLogs({
      project,
      services,
      stream: query.stream,
      q: query.q,
      regex: query.regex === "true",
      sinceMs,
      untilMs,
      limit: query.limit,
    });
    return json({ project, ...logs });
  },
);

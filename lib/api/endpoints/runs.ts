// /api/v1 reads of stored runs: the list (cursor pages, filters), one run, its events (JSON pages
// or Server-Sent Events).
import { z } from "zod";
import { listRunEventPage, listRunPage } from "@/lib/db/run-pages";
import { getRunDetail } from "@/lib/db/runs";
import { AppError } from "@/lib/errors";
import { json } from "@/lib/http/respond";
import { environmentsForDisplay } from "@/lib/operations/environments";
import { environmentFilterOf } from "@/lib/runs/environment-view";
import { defineEndpoint } from "../endpoint";
import { decodeCursor, encodeCursor, limitParam, ZCursorParam } from "../pages";
import { assertRunKnown, runEventStream } from "../run-event-stream";
import { runView } from "../run-view";
import { pageOf, ZRunDetail, ZRunEvent, ZRunSummary } from "../schemas";
import { RUN_KINDS, RUN_STATUSES } from "@/lib/run-vocabulary";

const ZRunId = z.object({ id: z.string().describe("the run id") });
const ZRunCursor = z.object({ s: z.iso.datetime(), i: z.string() });

export const runsEndpoint = defineEndpoint(
  {
    method: "GET",
    path: "/runs",
    tag: "runs",
    summary: "Stored runs, newest first",
    access: "viewer",
    query: z.strictObject({
      limit: limitParam({ fallback: 50, max: 200 }),
      cursor: ZCursorParam,
      topology: z.string().min(1).optional(),
      strategy: z.string().min(1).optional(),
      outcome: z.enum(RUN_STATUSES).optional().describe("the stored status (healthy: succeeded)"),
      kind: z.enum(RUN_KINDS).optional(),
      environment: z
        .string()
        .min(1)
        .optional()
        .describe(
          'the environment the runs ran on, by name or id ("local": the panel\'s own engine); one that does not exist matches no run, like an unknown topology',
        ),
    }),
    answers: [{ status: 200, description: "a page of runs", kind: "envelope", data: pageOf(ZRunSummary) }],
    errors: [],
  },
  async ({ query }) => {
    const cursor = decodeCursor(query.cursor, ZRunCursor);
    const { runs, next } = await listRunPage({
      limit: query.limit,
      cursor: cursor && { startedAt: new Date(cursor.s), id: cursor.i },
      filters: {
        topology: query.topology,
        strategy: query.strategy,
        status: query.outcome,
        kind: query.kind,
        environmentId:
          query.environment === undefined
            ? undefined
            : environmentFilterOf(await environmentsForDisplay(), query.environment),
      },
    });
    return json({
      items: runs,
      nextCursor: next && encodeCursor({ s: next.startedAt.toISOString(), i: next.id }),
    });
  },
);

export const runEndpoint = defineEndpoint(
  {
    method: "GET",
    path: "/runs/{id}",
    tag: "runs",
    summary: "One stored run: status, timings, phases, services",
    access: "viewer",
    params: ZRunId,
    answers: [{ status: 200, description: "the run", kind: "envelope", data: ZRunDetail }],
    errors: ["not_found"],
  },
  async ({ params }) => {
    const run = await getRunDetail(params.id ?? "");
    if (!run) throw new AppError("not_found", `No run ${params.id}.`);
    return json(runView(run));
  },
);

export const runEventsEndpoint = defineEndpoint(
  {
    method: "GET",
    path: "/runs/{id}/events",
    tag: "runs",
    summary: "A run's events (JSON pages, or a live Server-Sent Events stream)",
    description:
      "With `Accept: text/event-stream`: the stored events, then live ones, each as `event: <type>` with the event as JSON data; `event: end` with `{ runId, status }` once the run has finished; `: keep-alive` comments every 15 s. The query parameters apply to the JSON pages.",
    access: "viewer",
    params: ZRunId,
    query: z.strictObject({
      limit: limitParam({ fallback: 1_000, max: 5_000 }),
      cursor: ZCursorParam,
    }),
    answers: [
      { status: 200, description: "a page of events", kind: "envelope", data: pageOf(ZRunEvent) },
      { status: 200, description: "the event stream", kind: "text", contentType: "text/event-stream" },
    ],
    errors: ["not_found"],
  },
  async ({ req, params, query, principal }) => {
    const runId = params.id ?? "";
    if ((req.headers.get("accept") ?? "").includes("text/event-stream"))
      return runEventStream({ runId, signal: req.signal, principal });
    await assertRunKnown(runId);
    const afterId = decodeCursor(query.cursor, z.number().int().min(0));
    const page = await listRunEventPage({ runId, limit: query.limit, afterId });
    return json({
      items: page.events.map((event) => event.payload),
      nextCursor: page.next === null ? null : encodeCursor(page.next),
    });
  },
);

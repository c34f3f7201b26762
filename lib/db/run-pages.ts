// Runs and their events one page at a time by cursor (the API's lists): a page stays the same
// while new runs arrive, which offset pages do not.
import { getPrisma } from "./client";
import { eventPayload } from "./run-columns";
import { LIST_FIELDS, typedRunColumns, whereOf, type RunFilters, type RunListRow } from "./runs";

/** Where the previous page ended: the last run's start and id (ids break ties of equal starts). */
export type RunCursor = { startedAt: Date; id: string };

/** Runs newest first after `cursor`; `next` is set when more follow. */
export const listRunPage = async ({
  limit,
  cursor,
  filters,
}: {
  limit: number;
  cursor: RunCursor | null;
  filters: RunFilters;
}): Promise<{ runs: RunListRow[]; next: RunCursor | null }> => {
  const rows = await getPrisma().run.findMany({
    where: {
      ...whereOf(filters),
      ...(cursor
        ? {
            OR: [
              { startedAt: { lt: cursor.startedAt } },
              { startedAt: cursor.startedAt, id: { lt: cursor.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: LIST_FIELDS,
  });
  const runs = rows.slice(0, limit).map(typedRunColumns);
  const last = runs.at(-1);
  return { runs, next: rows.length > limit && last ? { startedAt: last.startedAt, id: last.id } : null };
};

/** A stored event; `payload` is the event as emitted (redacted), parsed — null when not recorded as JSON. */
export type StoredEvent = { id: number; t: number; at: Date; type: string; payload: unknown };

/** A run's stored events in order after the event id `afterId`; `next` is set when more follow. */
export const listRunEventPage = async ({
  runId,
  limit,
  afterId,
}: {
  runId: string;
  limit: number;
  afterId: number | null;
}): Promise<{ events: StoredEvent[]; next: number | null }> => {
  const rows = await getPrisma().runEvent.findMany({
    where: { runId, ...(afterId === null ? {} : { id: { gt: afterId } }) },
    orderBy: { id: "asc" },
    take: limit + 1,
    select: { id: true, t: true, at: true, type: true, payload: true },
  });
  const events = rows.slice(0, limit).map((row) => ({ ...row, payload: eventPayload(row.payload) }));
  return { events, next: rows.length > limit ? (events.at(-1)?.id ?? null) : null };
};

/** The run's status and whether it exists (what the event stream checks before and while it streams). */
export const runStatusOf = async (runId: string): Promise<string | null> =>
  (await getPrisma().run.findUnique({ where: { id: runId }, select: { status: true } }))?.status ?? null;

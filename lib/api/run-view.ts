// A stored run as the API gives it out: the stored columns under their own names, the JSON columns
// parsed (a client should not parse JSON inside JSON), events and stat buckets left to their own
// endpoints.
import type { RunDetail } from "@/lib/db/runs";
import type { StoredEvent } from "@/lib/db/run-pages";

const JSON_COLUMNS = [
  "error",
  "settings",
  "fitChanges",
  "dataItems",
  "imageIds",
  "cleanupLeftovers",
] as const;

/** Parses a stored JSON column; text that is not JSON is given as it is. */
const parsedColumn = (text: string | null): unknown => {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

/** The run with parsed JSON columns, its phases (service lists parsed) and its service timings. */
export const runView = (run: RunDetail) => {
  const columns: Partial<RunDetail> = { ...run };
  for (const key of ["events", "statBuckets", "phases", "services"] as const) delete columns[key];
  const parsed = Object.fromEntries(JSON_COLUMNS.map((key) => [key, parsedColumn(run[key])]));
  return {
    ...columns,
    ...parsed,
    phases: run.phases.map((phase) => ({
      index: phase.index,
      name: phase.name,
      services: (parsedColumn(phase.services) as string[] | null) ?? [],
      startedAtMs: phase.startedAtMs,
      readyAtMs: phase.readyAtMs,
    })),
    services: run.services.map((timing) => {
      const row: Partial<typeof timing> = { ...timing };
      delete row.id;
      delete row.runId;
      return row;
    }),
  };
};

/** A stored event as it was emitted (its payload is the whole redacted event). */
export const eventView = (row: StoredEvent): unknown => parsedColumn(row.payload);

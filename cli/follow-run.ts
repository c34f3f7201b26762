// Follows a run through GET /api/v1/runs/{id}/events as server-sent events: the stored events
// first, then live ones, until `event: end`. If the stream drops before that, the run's stored
// status is polled until it is final, so --wait never reports a run it did not see end.
import { createParser, type EventSourceMessage } from "eventsource-parser";
import type { DeployEvent } from "../lib/deploy/events";
import type { RunResult } from "../lib/deploy/types";
import type { PanelClient } from "./panel-client";
import { RUN_STATUSES } from "../lib/run-vocabulary";

/** How a followed run ended: its stored status, and the result when the stream carried it. */
export type RunEnd = { runId: string; status: string; result: RunResult | null };

export type FollowRunOptions = {
  client: PanelClient;
  runId: string;
  onEvent: (event: DeployEvent) => void;
  /** Between polls of the run's status when the stream ended early (ms). */
  pollMs?: number;
};

/** Every stored status but `running`: how a run can end. */
const FINAL = new Set<string>(RUN_STATUSES.filter((status) => status !== "running"));

/** Reads the stream until `end`; returns how the run ended (null when the stream stopped first). */
const readStream = async ({ client, runId, onEvent }: FollowRunOptions): Promise<RunEnd | null> => {
  const response = await client.open({
    path: `/api/v1/runs/${encodeURIComponent(runId)}/events`,
    accept: "text/event-stream",
  });
  if (!response.body) return null;
  let end: RunEnd | null = null;
  let result: RunResult | null = null;
  const parser = createParser({
    onEvent: (message: EventSourceMessage) => {
      let data: unknown;
      try {
        data = JSON.parse(message.data);
      } catch {
        return; // a line we cannot read is not a reason to stop following the run
      }
      if (message.event === "end") {
        const status = (data as { status?: string }).status ?? result?.status ?? "unknown";
        end = { runId, status, result };
        return;
      }
      const event = data as DeployEvent;
      if (event.type === "run_finished") result = event.result;
      onEvent(event);
    },
  });
  const decoder = new TextDecoder();
  const reader = response.body.getReader();
  try {
    while (!end) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
    }
  } catch {
    // The connection dropped: fall back to polling below.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return end ?? (result ? { runId, status: (result as RunResult).status, result } : null);
};

/** Follows a run to its end, calling `onEvent` for every event the stream delivers. */
export const followRun = async (options: FollowRunOptions): Promise<RunEnd> => {
  const streamed = await readStream(options);
  if (streamed) return streamed;
  const { client, runId, pollMs = 2000 } = options;
  for (;;) {
    const run = await client.json<{ status: string }>({ path: `/api/v1/runs/${encodeURIComponent(runId)}` });
    if (FINAL.has(run.status)) return { runId, status: run.status, result: null };
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
};

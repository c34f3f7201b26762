// A run's events as Server-Sent Events, for clients without socket.io: the stored events first,
// then live ones from the deploy bus (redacted as the socket rooms redact them), and `event: end`
// when the run has finished. Subscribing, then flushing the journal, then reading the store means no
// event falls between the two; an event both stored and buffered is sent once (by its time `t`).
// The stream is a live connection of its caller: revoking the token, signing the session out,
// disabling the user or changing their role closes it at once (lib/auth/connection-registry).
import { trackConnection } from "@/lib/auth/connection-registry";
import type { Principal } from "@/lib/auth/principal";
import { listRunEventPage, runStatusOf } from "@/lib/db/run-pages";
import { getDeployBus, type DeployEvent } from "@/lib/deploy";
import { liveRunResult } from "@/lib/deploy/live-results";
import { AppError } from "@/lib/errors";
import { flushRunEvents } from "@/lib/recording/run-journal";
import { redactorFor } from "@/lib/secrets/run-redactors";

/** A comment line this often keeps proxies and idle timeouts from closing the stream. */
export const KEEP_ALIVE_MS = 15_000;
const REPLAY_PAGE = 1_000;

type Sink = { event: (type: string, data: unknown) => void; comment: (text: string) => void };

const sinkOf = (controller: ReadableStreamDefaultController<Uint8Array>, isClosed: () => boolean): Sink => {
  const encoder = new TextEncoder();
  let sequence = 0;
  const write = (text: string) => {
    if (!isClosed()) controller.enqueue(encoder.encode(text));
  };
  return {
    event: (type, data) => {
      sequence += 1;
      write(`id: ${sequence}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    comment: (text) => write(`: ${text}\n\n`),
  };
};

/** Sends the stored events; returns the time of the last one (-Infinity when none). */
const replayStored = async ({ runId, sink }: { runId: string; sink: Sink }): Promise<number> => {
  let lastT = Number.NEGATIVE_INFINITY;
  let afterId: number | null = null;
  do {
    const page = await listRunEventPage({ runId, limit: REPLAY_PAGE, afterId });
    for (const row of page.events) {
      sink.event(row.type, row.payload);
      lastT = Math.max(lastT, row.t);
    }
    afterId = page.next;
  } while (afterId !== null);
  return lastT;
};

/** In flight here: a latency test, say, emits its first event only after it found its targets. */
const inFlight = (runId: string): boolean => liveRunResult(runId) !== undefined;

/** Throws not_found unless the run is stored, on the bus or in flight in this process. */
export const assertRunKnown = async (runId: string): Promise<void> => {
  if ((await runStatusOf(runId)) === null && !getDeployBus().snapshot(runId) && !inFlight(runId))
    throw new AppError("not_found", `No run ${runId}.`);
};

/** The SSE answer for a run; 404 when the run is neither stored nor known to this process. */
export const runEventStream = async ({
  runId,
  signal,
  principal,
}: {
  runId: string;
  signal: AbortSignal;
  /** Who reads it: the stream closes when their access ends. */
  principal: Principal;
}) => {
  const bus = getDeployBus();
  await assertRunKnown(runId);
  let closed = false;
  let stop = () => undefined as void;
  const stream = new ReadableStream<Uint8Array>({
    start: (controller) => {
      const sink = sinkOf(controller, () => closed);
      let replaying = true;
      let lastStoredT = Number.NEGATIVE_INFINITY;
      const buffered: DeployEvent[] = [];
      const close = () => {
        if (closed) return;
        closed = true;
        untrack();
        unsubscribe();
        clearInterval(keepAlive);
        try {
          controller.close();
        } catch {
          // The client cancelled: the stream is closed already.
        }
      };
      const end = (status: string | null) => {
        sink.event("end", { runId, status });
        close();
      };
      const live = (event: DeployEvent) => {
        if (replaying) return void buffered.push(event);
        if (closed || event.t <= lastStoredT) return;
        sink.event(event.type, redactorFor(runId).value(event));
        if (event.type === "run_finished") end(event.result.status);
      };
      const unsubscribe = bus.subscribe(live, { runId });
      const untrack = trackConnection({ data: { principal }, disconnect: () => close() });
      const keepAlive = setInterval(() => sink.comment("keep-alive"), KEEP_ALIVE_MS);
      stop = close;
      signal.addEventListener("abort", close);
      void (async () => {
        try {
          // What the bus published before we subscribed may still wait for the journal's next flush.
          await flushRunEvents(runId);
          lastStoredT = await replayStored({ runId, sink });
          replaying = false;
          for (const event of buffered.splice(0)) live(event);
          if (closed) return;
          const snapshot = bus.snapshot(runId);
          // Finished, or a run this process does not hold (stored by an earlier panel): nothing more comes.
          if (snapshot?.result) end(snapshot.result.status);
          else if (!snapshot && !inFlight(runId)) end(await runStatusOf(runId));
        } catch (error) {
          console.error("[api] run event stream failed", error);
          sink.event("error", { message: "Reading the run's events failed; the panel log has the details." });
          close();
        }
      })();
    },
    // The client went away: stop listening (the controller is already closed by the stream).
    cancel: () => stop(),
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
};

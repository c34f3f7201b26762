// The event stream's seams, without Docker or a database: stored events first, live ones after,
// an event both stored and buffered sent once, `end` when the run finishes, keep-alive comments.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getDeployBus, type DeployEvent } from "@/lib/deploy";
import type { StoredEvent } from "@/lib/db/run-pages";
import { testPrincipal } from "@/test/fixtures/principal";

const store = vi.hoisted(() => ({
  status: new Map<string, string>(),
  events: new Map<string, StoredEvent[]>(),
  /** Resolves the next page read when set (to publish while the replay is under way). */
  gate: null as Promise<void> | null,
}));

vi.mock("@/lib/db/run-pages", () => ({
  runStatusOf: async (runId: string) => store.status.get(runId) ?? null,
  listRunEventPage: async ({ runId }: { runId: string }) => {
    if (store.gate) await store.gate;
    return { events: store.events.get(runId) ?? [], next: null };
  },
}));

const { runEventStream, KEEP_ALIVE_MS } = await import("./run-event-stream");
const { closeConnections } = await import("@/lib/auth/connection-registry");
const principal = testPrincipal({ username: "reader", role: "viewer" });

let counter = 0;
const base = (runId: string, t: number) => ({
  runId,
  project: "p",
  t,
  at: new Date(1_000 + t).toISOString(),
});
const started = (runId: string): DeployEvent => ({
  ...base(runId, 0),
  type: "run_started",
  kind: "deploy",
  strategy: "dag",
  services: ["a"],
  phases: [],
});
const log = (runId: string, t: number, line: string): DeployEvent => ({
  ...base(runId, t),
  type: "log",
  service: null,
  stream: "panel",
  line,
});
const finished = (runId: string, t: number): DeployEvent =>
  ({
    ...base(runId, t),
    type: "run_finished",
    result: { runId, status: "healthy" },
  }) as unknown as DeployEvent;
const stored = (event: DeployEvent): StoredEvent => ({
  id: (counter += 1),
  t: event.t,
  at: new Date(event.at),
  type: event.type,
  payload: event,
});

/** Reads the stream's text until it closes. */
const readAll = async (response: Response): Promise<string> => await response.text();
const eventsIn = (text: string) =>
  text
    .split("\n\n")
    .filter((block) => block.startsWith("id:"))
    .map((block) => {
      const data = JSON.parse(
        block
          .split("\n")
          .find((l) => l.startsWith("data: "))
          ?.slice(6) ?? "null",
      );
      return `${block.split("\n")[1]?.slice(7)}${data?.line ? `:${data.line}` : ""}`;
    });

beforeEach(() => {
  store.status.clear();
  store.events.clear();
  store.gate = null;
});
afterEach(() => vi.useRealTimers());

describe("runEventStream", () => {
  it("replays the stored events, sends one buffered during the replay once, then live ones, then end", async () => {
    const runId = `stream-${Math.random()}`;
    const bus = getDeployBus();
    bus.publish(started(runId));
    let open = () => undefined as void;
    store.gate = new Promise<void>((resolve) => (open = resolve));
    const response = await runEventStream({ runId, signal: new AbortController().signal, principal });
    const text = readAll(response);
    // Published while the store is read: the journal stored it too, so it must come once.
    const during = log(runId, 5, "during replay");
    bus.publish(during);
    store.events.set(runId, [stored(started(runId)), stored(during)]);
    open();
    await new Promise((resolve) => setTimeout(resolve, 10));
    bus.publish(log(runId, 7, "live"));
    bus.publish(log(`${runId}-other`, 8, "another run"));
    bus.publish(finished(runId, 9));
    bus.publish(log(runId, 10, "after the end"));
    expect(eventsIn(await text)).toEqual([
      "run_started",
      "log:during replay",
      "log:live",
      "run_finished",
      "end",
    ]);
    expect(await text).toContain(`data: {"runId":"${runId}","status":"healthy"}`);
  });

  it("ends a run this process does not hold at once, with its stored status", async () => {
    const runId = `stored-${Math.random()}`;
    store.status.set(runId, "failed");
    store.events.set(runId, [stored(started(runId)), stored(log(runId, 3, "boom"))]);
    const text = await readAll(
      await runEventStream({ runId, signal: new AbortController().signal, principal }),
    );
    expect(eventsIn(text)).toEqual(["run_started", "log:boom", "end"]);
    expect(text).toContain('"status":"failed"');
  });

  it("answers not_found for a run nobody knows", async () => {
    await expect(
      runEventStream({ runId: "nobody", signal: new AbortController().signal, principal }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("sends keep-alive comments while a run is quiet, and stops when the client goes", async () => {
    vi.useFakeTimers();
    const runId = `quiet-${Math.random()}`;
    getDeployBus().publish(started(runId));
    const client = new AbortController();
    const response = await runEventStream({ runId, signal: client.signal, principal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await vi.advanceTimersByTimeAsync(KEEP_ALIVE_MS * 2 + 10);
    client.abort();
    let text = "";
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += new TextDecoder().decode(chunk.value);
    }
    expect(text.match(/^: keep-alive$/gm)).toHaveLength(2);
    expect(text).not.toContain("event: end");
  });

  it("closes at once when its reader's access ends (the connection registry), without an end event", async () => {
    const runId = `revoked-${Math.random()}`;
    getDeployBus().publish(started(runId));
    store.events.set(runId, [stored(started(runId))]);
    const reader = { ...principal, userId: `u-${runId}`, sessionId: `s-${runId}` };
    const other = { ...principal, userId: "someone-else", sessionId: "another-session" };
    const mine = await runEventStream({ runId, signal: new AbortController().signal, principal: reader });
    const theirs = await runEventStream({ runId, signal: new AbortController().signal, principal: other });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(closeConnections({ sessionId: reader.sessionId })).toBe(1);
    const text = await readAll(mine);
    expect(eventsIn(text)).toEqual(["run_started"]);
    expect(text).not.toContain("event: end");
    // The other reader's stream is still open: it gets the next event.
    const body = (theirs.body as ReadableStream<Uint8Array>).getReader();
    getDeployBus().publish(log(runId, 4, "still here"));
    let seen = "";
    while (!seen.includes("still here")) seen += new TextDecoder().decode((await body.read()).value);
    expect(closeConnections({ userId: other.userId })).toBe(1);
  });
});

// The hub's lifecycle against a scripted engine (streams are PassThroughs we write payloads into),
// for the races the real engine cannot be made to hit on purpose.
import { PassThrough } from "node:stream";
import type Docker from "dockerode";
import { afterEach, describe, expect, it } from "vitest";
import type { DockerStatsPayload } from "@/lib/stats/sample";
import { createStatsHub, PROJECT_LABEL, type StatsHub } from "./hub";
import type { StatsBatch } from "./series";

type Listed = { Id: string; Names: string[]; Labels: Record<string, string> };

const fakeEngine = () => {
  const stats = new Map<string, PassThrough>();
  const engine = {
    running: [] as Listed[],
    events: null as PassThrough | null,
    eventConnections: 0,
    /** Set to hold the next list answer until `release` is called. */
    holdList: null as null | { release: () => void },
    stats,
    docker: {
      getEvents: async () => {
        engine.eventConnections += 1;
        engine.events = new PassThrough();
        return engine.events;
      },
      listContainers: async () => {
        const answer = [...engine.running];
        if (engine.holdList) await new Promise<void>((resolve) => (engine.holdList = { release: resolve }));
        return answer;
      },
      getContainer: (id: string) => ({
        stats: async () => {
          const stream = new PassThrough();
          stats.set(id, stream);
          return stream;
        },
      }),
    } as unknown as Docker,
  };
  return engine;
};

const container = (id: string, project = "p"): Listed => ({
  Id: id,
  Names: [`/${project}-${id}-1`],
  Labels: { [PROJECT_LABEL]: project, "com.docker.compose.service": id },
});
const payload = (read: string, cpu: number, system: number, rx = 0): DockerStatsPayload => ({
  read,
  cpu_stats: { cpu_usage: { total_usage: cpu }, system_cpu_usage: system, online_cpus: 2 },
  precpu_stats: { cpu_usage: { total_usage: cpu - 5e8 }, system_cpu_usage: system > 0 ? system - 2e9 : 0 },
  memory_stats: { usage: 1000, limit: 4000, stats: { inactive_file: 200 } },
  networks: { eth0: { rx_bytes: rx, tx_bytes: 0 } },
});
const write = (stream: PassThrough | undefined, p: DockerStatsPayload) =>
  stream!.write(`${JSON.stringify(p)}\n`);
const event = (engine: ReturnType<typeof fakeEngine>, action: string, id: string, project = "p") =>
  engine.events!.write(
    `${JSON.stringify({ Type: "container", Action: action, Actor: { ID: id, Attributes: { [PROJECT_LABEL]: project, name: `${project}-${id}-1`, "com.docker.compose.service": id } }, timeNano: 1e18 })}\n`,
  );
const until = async (check: () => boolean) => {
  const deadline = Date.now() + 2000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

let hub: StatsHub | null = null;
afterEach(() => hub?.close());

describe("stats hub lifecycle (scripted engine)", () => {
  it("streams listed containers, skips the baseline-less first line and batches per tick", async () => {
    const engine = fakeEngine();
    engine.running = [container("a")];
    hub = createStatsHub({ docker: engine.docker, tickMs: 20, graceMs: 30 });
    const batches: StatsBatch[] = [];
    hub.onBatch((b) => batches.push(b));
    hub.watchProject({ project: "p", reason: "viewer" });
    await until(() => engine.stats.has("a"));
    write(engine.stats.get("a"), payload("2026-01-01T00:00:00Z", 1e9, 0, 1000)); // first line: no precpu
    write(engine.stats.get("a"), payload("2026-01-01T00:00:02Z", 2e9, 1e10, 5000));
    await until(() => batches.length === 1);
    expect(batches[0]!.samples).toHaveLength(1);
    expect(batches[0]!.samples[0]).toMatchObject({
      name: "p-a-1",
      service: "a",
      cpuPercent: 50,
      memoryUsedBytes: 800,
      netRxRate: 2000,
    });
  });

  it("closes a stream that answers the zero reading of a stopped container", async () => {
    const engine = fakeEngine();
    engine.running = [container("a")];
    hub = createStatsHub({ docker: engine.docker, tickMs: 20 });
    hub.watchProject({ project: "p", reason: "viewer" });
    await until(() => engine.stats.has("a"));
    write(engine.stats.get("a"), payload("0001-01-01T00:00:00Z", 0, 0));
    await until(() => hub!.counts().openStreams === 0);
    expect(engine.stats.get("a")!.destroyed).toBe(true);
    expect(hub.counts().collectors).toBe(0);
  });

  it("follows start and die events of its project only", async () => {
    const engine = fakeEngine();
    hub = createStatsHub({ docker: engine.docker, tickMs: 20 });
    hub.watchProject({ project: "p", reason: "viewer" });
    await until(() => engine.events !== null);
    event(engine, "start", "b");
    event(engine, "start", "x", "other");
    await until(() => hub!.counts().openStreams === 1);
    expect([...engine.stats.keys()]).toEqual(["b"]);
    event(engine, "die", "b");
    await until(() => hub!.counts().openStreams === 0);
    expect(engine.stats.get("b")!.destroyed).toBe(true);
  });

  it("does not stop a container started by an event while an older list was in flight", async () => {
    const engine = fakeEngine();
    hub = createStatsHub({ docker: engine.docker, tickMs: 20 });
    hub.watchProject({ project: "p", reason: "viewer" });
    await until(() => engine.events !== null);
    engine.holdList = { release: () => undefined };
    hub.watchProject({ project: "q", reason: "viewer" }); // lists q while the stream is up
    await until(() => engine.holdList?.release !== undefined);
    event(engine, "start", "c", "q");
    await until(() => hub!.counts().openStreams === 1);
    const held = engine.holdList!;
    engine.holdList = null;
    held.release(); // the list, taken before c started, does not show c
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(hub.counts()).toMatchObject({ collectors: 1, openStreams: 1 });
  });

  it("reconnects a dropped event stream and catches up by listing again", async () => {
    const engine = fakeEngine();
    engine.running = [container("a")];
    hub = createStatsHub({ docker: engine.docker, tickMs: 20, retryMs: 10 });
    hub.watchProject({ project: "p", reason: "viewer" });
    await until(() => hub!.counts().openStreams === 1);
    engine.running = []; // "a" died while the event stream was down
    engine.events!.end();
    await until(() => engine.eventConnections === 2 && hub!.counts().openStreams === 0);
  });

  it("keeps streams through the grace period, cancels it on a new watch, then closes everything", async () => {
    const engine = fakeEngine();
    engine.running = [container("a")];
    hub = createStatsHub({ docker: engine.docker, tickMs: 20, graceMs: 60 });
    const release = hub.watchProject({ project: "p", reason: "run" });
    await until(() => hub!.counts().openStreams === 1);
    release();
    await new Promise((resolve) => setTimeout(resolve, 30));
    const again = hub.watchProject({ project: "p", reason: "viewer" });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(hub.counts().openStreams).toBe(1); // the first grace timer was cancelled
    again();
    await until(() => hub!.counts().openStreams === 0);
    expect(hub.counts()).toEqual({
      projects: [],
      collectors: 0,
      openStreams: 0,
      kernelContainers: 0,
      eventStreams: 0,
      tickMs: null,
    });
    expect(engine.events!.destroyed).toBe(true);
  });

  it("runs its one timer at the fastest rate a watcher asks (4 Hz at most), back to 1 s when it leaves", () => {
    const engine = fakeEngine();
    hub = createStatsHub({ docker: engine.docker, graceMs: 60 });
    const viewer = hub.watchProject({ project: "p", reason: "viewer" });
    expect(hub.counts().tickMs).toBe(1000);
    const deploy = hub.watchProject({ project: "q", reason: "viewer", intervalMs: 100 });
    expect(hub.counts().tickMs).toBe(250); // clamped to the fastest allowed
    const run = hub.watchProject({ project: "q", reason: "run" });
    deploy();
    expect(hub.counts().tickMs).toBe(1000); // q is still held, at the default rate
    run();
    viewer();
    expect(hub.counts().tickMs).toBe(1000); // both in their grace period, still collected
  });
});

// The stats hub against the real engine: streams start with the watch and with containers, the
// CPU figure of a capped busy loop is right, and nothing stays open after containers die or the
// last viewer leaves.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDocker } from "@/lib/docker/client";
import { createStatsHub, PROJECT_LABEL } from "@/lib/realtime/stats-hub";
import type { StatsBatch } from "@/lib/realtime/stats-series";

const PROJECT = `statstest-${process.pid}`;
const IMAGE = "ollamamax-test/busybox:latest";
const docker = getDocker();
const hub = createStatsHub({ graceMs: 800 });
const batches: StatsBatch[] = [];
hub.onBatch((batch) => batches.push(batch));

const waitFor = async (what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(hub.counts())}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

const startService = async (service: string, cmd: string[], nanoCpus?: number) => {
  const container = await docker.createContainer({
    name: `${PROJECT}-${service}-1`,
    Image: IMAGE,
    Cmd: cmd,
    Labels: { [PROJECT_LABEL]: PROJECT, "com.docker.compose.service": service },
    HostConfig: { NanoCpus: nanoCpus, Memory: 32 * 2 ** 20 },
  });
  await container.start();
  return container.id;
};
const samplesOf = (id: string) => batches.flatMap((b) => b.samples.filter((s) => s.containerId === id));

let burn = "";
let idle = "";

beforeAll(async () => {
  burn = await startService("burn", ["sh", "-c", "yes > /dev/null"], 500_000_000);
  idle = await startService("idle", ["sleep", "3600"]);
});

afterAll(async () => {
  hub.close();
  const left = await docker.listContainers({
    all: true,
    filters: { label: [`${PROJECT_LABEL}=${PROJECT}`] },
  });
  await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true })));
});

describe("stats hub", () => {
  let release: () => void = () => undefined;

  it("streams both containers of a watched project, the capped busy loop at ~50 % CPU", async () => {
    expect(hub.counts().openStreams).toBe(0);
    release = hub.watchProject({ project: PROJECT, reason: "viewer" });
    await waitFor(
      "3 samples of each container",
      () => samplesOf(burn).length >= 3 && samplesOf(idle).length >= 3,
    );
    expect(hub.counts()).toMatchObject({
      projects: [PROJECT],
      collectors: 2,
      openStreams: 2,
      eventStreams: 1,
    });

    const cpu = samplesOf(burn)
      .slice(-3)
      .map((s) => s.cpuPercent);
    for (const value of cpu) {
      expect(value).toBeGreaterThan(30);
      expect(value).toBeLessThan(70);
    }
    const last = samplesOf(burn).at(-1)!;
    expect(last).toMatchObject({
      name: `${PROJECT}-burn-1`,
      service: "burn",
      memoryLimitBytes: 32 * 2 ** 20,
    });
    expect(last.pids).toBeGreaterThanOrEqual(1);
    expect(samplesOf(idle).at(-1)!.cpuPercent).toBeLessThan(5);
    // one message per tick for the whole project, with totals over its containers
    const both = batches.find((b) => b.samples.length === 2)!;
    expect(both.totals.cpuPercent).toBeCloseTo(both.samples[0]!.cpuPercent + both.samples[1]!.cpuPercent, 6);
  });

  it("gives a late joiner the recent window at once", () => {
    const history = hub.history(PROJECT);
    expect(history.ticks.length).toBeGreaterThanOrEqual(3);
    expect(Object.keys(history.series).sort()).toEqual([burn, idle].sort());
    expect(history.series[burn]!.cpuPercent.length).toBe(history.ticks.length);
  });

  it("closes a container's stream when it dies and opens one for a container that starts", async () => {
    await docker.getContainer(idle).stop({ t: 0 });
    await waitFor("the stopped container's stream to close", () => hub.counts().openStreams === 1);
    expect(hub.counts().collectors).toBe(1);

    const late = await startService("late", ["sleep", "3600"]);
    await waitFor("samples of the container started later", () => samplesOf(late).length >= 1);
    expect(hub.counts()).toMatchObject({ collectors: 2, openStreams: 2 });
  });

  it("keeps collecting through the grace period, then closes every stream", async () => {
    release();
    release(); // a second call must not release someone else's hold
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(hub.counts().openStreams).toBe(2); // still inside the grace period
    await waitFor("every stream to close after the grace period", () => hub.counts().openStreams === 0, 5000);
    expect(hub.counts()).toEqual({ projects: [], collectors: 0, openStreams: 0, eventStreams: 0 });
  });

  it("keeps one set of streams for a viewer and a run, until both leave", async () => {
    const stopViewer = hub.watchProject({ project: PROJECT, reason: "viewer" });
    const stopRun = hub.watchProject({ project: PROJECT, reason: "run" });
    await waitFor("two streams", () => hub.counts().openStreams === 2);
    stopViewer();
    await new Promise((resolve) => setTimeout(resolve, 1200)); // longer than the grace period
    expect(hub.counts().openStreams).toBe(2);
    stopRun();
    await waitFor("no stream", () => hub.counts().openStreams === 0, 5000);
  });
});

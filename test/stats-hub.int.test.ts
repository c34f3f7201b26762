// The stats hub against the real engine, once per source (the kernel reader on this host, Docker's
// streams forced): collection starts with the watch and with containers, follows them as they stop,
// start and restart, and nothing stays open after the last viewer leaves.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDocker } from "@/lib/docker/client";
import { createStatsHub, PROJECT_LABEL, type StatsHubCounts } from "@/lib/stats/hub";
import type { StatsBatch } from "@/lib/stats/series";
import { purgeProject } from "./fixtures/deploy-support";

const IMAGE = "ollamamax-test/busybox:latest";
const docker = getDocker();

describe.each([
  { source: "kernel", hubSource: "auto" },
  { source: "docker", hubSource: "docker" },
] as const)("stats hub reading from $source", ({ source, hubSource }) => {
  const PROJECT = `statstest-${process.pid}-${source}`;
  const NETWORK = `${PROJECT}-net`;
  const hub = createStatsHub({ graceMs: 800, source: hubSource });
  const batches: StatsBatch[] = [];
  hub.onBatch((batch) => batches.push(batch));
  // What the source keeps open per container: a cgroup reader entry, or a Docker stream.
  const open = (counts: StatsHubCounts = hub.counts()) =>
    source === "kernel" ? counts.kernelContainers : counts.openStreams;
  const other = (counts: StatsHubCounts = hub.counts()) =>
    source === "kernel" ? counts.openStreams : counts.kernelContainers;

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
      // Our own network: the default bridge belongs to whoever else uses this engine.
      HostConfig: { NanoCpus: nanoCpus, Memory: 32 * 2 ** 20, NetworkMode: NETWORK },
    });
    await container.start();
    return container.id;
  };
  const samplesOf = (id: string) => batches.flatMap((b) => b.samples.filter((s) => s.containerId === id));

  let burn = "";
  let idle = "";
  let release: () => void = () => undefined;

  beforeAll(async () => {
    await docker.createNetwork({ Name: NETWORK, Labels: { [PROJECT_LABEL]: PROJECT } });
    burn = await startService("burn", ["sh", "-c", "yes > /dev/null"], 500_000_000);
    idle = await startService("idle", ["sleep", "3600"]);
  });

  afterAll(async () => {
    hub.close();
    await purgeProject(PROJECT);
  });

  it("collects both containers of a watched project, the capped busy loop under its cap", async () => {
    expect(open()).toBe(0);
    release = hub.watchProject({ project: PROJECT, reason: "viewer" });
    await waitFor(
      "6 samples of each container",
      () => samplesOf(burn).length >= 6 && samplesOf(idle).length >= 6,
    );
    expect(hub.counts()).toMatchObject({ projects: [PROJECT], collectors: 2, eventStreams: 1 });
    expect(open()).toBe(2);
    expect(other()).toBe(0);
    expect(batches.at(-1)!.source).toBe(source);

    // The CFS quota caps the loop at 50 %: no reading may be above it (a wrong formula doubles it).
    // test/stats-sources.int.test.ts checks both sources read 40–60 % on the same loop.
    const cpu = samplesOf(burn).map((s) => s.cpuPercent);
    expect(Math.max(...cpu), `readings ${cpu.map((v) => v.toFixed(1)).join(", ")}`).toBeLessThan(65);
    expect(Math.max(...cpu)).toBeGreaterThan(5);
    const last = samplesOf(burn).at(-1)!;
    expect(last).toMatchObject({
      name: `${PROJECT}-burn-1`,
      service: "burn",
      memoryLimitBytes: 32 * 2 ** 20,
      source,
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

  it("stops reading a container that dies, starts one that starts, follows one that restarts", async () => {
    await docker.getContainer(idle).stop({ t: 0 });
    await waitFor("the stopped container to be dropped", () => open() === 1);
    expect(hub.counts().collectors).toBe(1);

    const late = await startService("late", ["sleep", "3600"]);
    await waitFor("samples of the container started later", () => samplesOf(late).length >= 1);
    expect(hub.counts()).toMatchObject({ collectors: 2 });
    expect(open()).toBe(2);

    // A restart gives the container a new init process (and, on the kernel, a new PID to read).
    await docker.getContainer(late).restart({ t: 0 });
    const restartedAt = Date.now();
    await waitFor("readings after the restart", () => samplesOf(late).some((s) => s.t > restartedAt + 1000));
    expect(open()).toBe(2);
    expect(samplesOf(late).at(-1)!.source).toBe(source);
  });

  it("keeps collecting through the grace period, then closes everything", async () => {
    release();
    release(); // a second call must not release someone else's hold
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(open()).toBe(2); // still inside the grace period
    await waitFor("every collector to close after the grace period", () => open() === 0, 5000);
    expect(hub.counts()).toEqual({
      projects: [],
      collectors: 0,
      openStreams: 0,
      kernelContainers: 0,
      eventStreams: 0,
      tickMs: null,
    });
  });

  it("keeps one set of collectors for a viewer and a run, until both leave", async () => {
    const stopViewer = hub.watchProject({ project: PROJECT, reason: "viewer" });
    const stopRun = hub.watchProject({ project: PROJECT, reason: "run" });
    await waitFor("two collectors", () => open() === 2);
    stopViewer();
    await new Promise((resolve) => setTimeout(resolve, 1200)); // longer than the grace period
    expect(open()).toBe(2);
    stopRun();
    await waitFor("nothing open", () => open() === 0 && hub.counts().projects.length === 0, 5000);
  });
});

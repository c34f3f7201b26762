// The two sources side by side on the same containers: the kernel reader (cgroups on this host)
// and Docker's stats streams read a 0.5-CPU busy loop as the kernel accounts it (40–60 % when the
// host lets it run) and agree on memory.
import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDocker } from "@/lib/docker/client";
import type { ContainerSample } from "@/lib/stats/sample";
import { createStatsHub, PROJECT_LABEL, type StatsHub } from "@/lib/stats/hub";
import { purgeProject } from "./fixtures/deploy-support";

const PROJECT = `statstest-${process.pid}-sources`;
const NETWORK = `${PROJECT}-net`;
const IMAGE = "ollamamax-test/busybox:latest";
const HELD_BYTES = 48 * 2 ** 20;
const docker = getDocker();

type Source = "kernel" | "docker";
const hubs: Record<Source, StatsHub> = {
  kernel: createStatsHub({ graceMs: 100 }),
  docker: createStatsHub({ graceMs: 100, source: "docker" }),
};
const samples: Record<Source, ContainerSample[]> = { kernel: [], docker: [] };
for (const source of ["kernel", "docker"] as const)
  hubs[source].onBatch((batch) => samples[source].push(...batch.samples));
const of = (source: Source, id: string) => samples[source].filter((s) => s.containerId === id);

// The container's CPU time counter, wherever this host's layout keeps it (null: not readable here).
const cpuUsageFile = (id: string): string | null =>
  [
    `/sys/fs/cgroup/cpuacct/docker/${id}/cpuacct.usage`,
    `/sys/fs/cgroup/cpu,cpuacct/docker/${id}/cpuacct.usage`,
    `/sys/fs/cgroup/cpuacct/system.slice/docker-${id}.scope/cpuacct.usage`,
    `/sys/fs/cgroup/system.slice/docker-${id}.scope/cpu.stat`,
    `/sys/fs/cgroup/docker/${id}/cpu.stat`,
  ].find((path) => existsSync(path)) ?? null;
const cpuUsageNs = (file: string): number => {
  const text = readFileSync(file, "utf8");
  return file.endsWith("cpu.stat") ? Number(/usage_usec (\d+)/.exec(text)![1]) * 1000 : Number(text.trim());
};

const waitFor = async (what: string, check: () => boolean, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};
const startService = async (service: string, cmd: string[], hostConfig: object) => {
  const container = await docker.createContainer({
    name: `${PROJECT}-${service}-1`,
    Image: IMAGE,
    Cmd: cmd,
    Labels: { [PROJECT_LABEL]: PROJECT, "com.docker.compose.service": service },
    HostConfig: { NetworkMode: NETWORK, ...hostConfig },
  });
  await container.start();
  return container.id;
};

let burn = "";
let hold = "";
const releases: (() => void)[] = [];

beforeAll(async () => {
  await docker.createNetwork({ Name: NETWORK, Labels: { [PROJECT_LABEL]: PROJECT } });
  burn = await startService("burn", ["sh", "-c", "yes > /dev/null"], { NanoCpus: 500_000_000 });
  // 48 MiB in tmpfs (/dev/shm): charged to the container and not reclaimable; then 32 MiB written to
  // a file, which stays as inactive file cache that both must leave out (a raw usage is 30 % off).
  const script =
    "head -c 50331648 /dev/zero > /dev/shm/held; head -c 33554432 /dev/zero > /tmp/cache; sleep 3600";
  hold = await startService("hold", ["sh", "-c", script], {
    Memory: 128 * 2 ** 20,
  });
  for (const hub of Object.values(hubs))
    releases.push(hub.watchProject({ project: PROJECT, reason: "viewer" }));
});

afterAll(async () => {
  for (const release of releases) release();
  for (const hub of Object.values(hubs)) hub.close();
  await purgeProject(PROJECT);
});

describe("kernel reader and Docker streams on the same containers", () => {
  it("reads each container from its own source", async () => {
    await waitFor(
      "3 readings of each container from each source",
      () => (["kernel", "docker"] as const).every((s) => of(s, burn).length >= 3 && of(s, hold).length >= 3),
      30_000,
    );
    expect(hubs.kernel.counts()).toMatchObject({ kernelContainers: 2, openStreams: 0 });
    expect(hubs.docker.counts()).toMatchObject({ kernelContainers: 0, openStreams: 2 });
    expect(new Set(samples.kernel.map((s) => s.source))).toEqual(new Set(["kernel"]));
    expect(new Set(samples.docker.map((s) => s.source))).toEqual(new Set(["docker"]));
  });

  it("reads the busy loop's CPU as the kernel accounts it, and at 40–60 % when the host lets it run", async (ctx) => {
    // The truth, by another road: the cgroup's CPU time over wall-clock time (no /proc/stat, no
    // formula of ours). A shared host can starve the loop below its 0.5-CPU quota; then both
    // sources must still read what it really got, and 40–60 % cannot be asked of them.
    const file = cpuUsageFile(burn);
    if (!file) return ctx.skip();
    const t0 = Date.now();
    const u0 = cpuUsageNs(file);
    await new Promise((resolve) => setTimeout(resolve, 6000));
    const t1 = Date.now();
    const truth = ((cpuUsageNs(file) - u0) / 1e6 / (t1 - t0)) * 100;
    const meanIn = (source: Source) => {
      const cpu = of(source, burn)
        .filter((s) => s.t > t0 + 1000 && s.t <= t1)
        .map((s) => s.cpuPercent);
      return cpu.reduce((a, b) => a + b, 0) / Math.max(1, cpu.length);
    };
    const readings = `truth ${truth.toFixed(1)} %, kernel ${meanIn("kernel").toFixed(1)} %, docker ${meanIn("docker").toFixed(1)} %`;
    for (const source of ["kernel", "docker"] as const) {
      expect(Math.abs(meanIn(source) - truth), readings).toBeLessThan(5);
      for (const s of of(source, burn)) expect(s.cpuPercent, readings).toBeLessThan(65); // over the quota
    }
    console.info(`stats sources on a 0.5-CPU loop: ${readings}`);
    if (truth < 40) return ctx.skip(); // starved by other work: the 40–60 % claim cannot be checked now
    for (const source of ["kernel", "docker"] as const) {
      expect(meanIn(source), readings).toBeGreaterThan(40);
      expect(meanIn(source), readings).toBeLessThan(60);
    }
  });

  it("agrees with Docker on the memory a container holds, within 3 %", async () => {
    const used = (source: Source) => of(source, hold).at(-1)?.memoryUsedBytes ?? 0;
    await waitFor(
      "the 48 MiB to be held",
      () => used("kernel") >= HELD_BYTES && used("docker") >= HELD_BYTES,
      30_000,
    );
    const kernel = used("kernel");
    const dockers = used("docker");
    expect(Math.abs(kernel - dockers) / dockers, `kernel ${kernel} B, Docker ${dockers} B`).toBeLessThan(
      0.03,
    );
    expect(of("kernel", hold).at(-1)!.memoryLimitBytes).toBe(128 * 2 ** 20);
    expect(of("kernel", hold).at(-1)!.memoryPercent).toBeCloseTo((kernel / (128 * 2 ** 20)) * 100, 6);
  });
});

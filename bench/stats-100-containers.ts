// Benchmark: the stats hub watching 100 idle containers. Measures the CPU the hub's process (this
// one) and the engine (dockerd, containerd, the runc shims) use, idle first and then while watched.
// Run: npx tsx bench/stats-100-containers.ts [containers=100] [seconds=60]. Always removes its containers.
import { readdirSync, readFileSync } from "node:fs";
import { getDocker } from "@/lib/docker/client";
import { createStatsHub, PROJECT_LABEL } from "@/lib/realtime/stats-hub";

const COUNT = Number(process.argv[2] ?? 100);
const SECONDS = Number(process.argv[3] ?? 60);
const BASELINE_SECONDS = 20;
const PROJECT = `statsbench-${process.pid}`;
const TICK = 100; // clock ticks per second (getconf CLK_TCK)
const docker = getDocker();

// CPU seconds (user + system) of every process whose comm matches, from /proc/<pid>/stat.
const cpuSecondsOf = (match: (comm: string) => boolean): number => {
  let total = 0;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      if (!match(readFileSync(`/proc/${pid}/comm`, "utf8").trim())) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      total += (Number(fields[11]) + Number(fields[12])) / TICK; // utime, stime (fields 14 and 15)
    } catch {
      // the process went away between listing and reading
    }
  }
  return total;
};
const self = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};
const groups = {
  hub: self,
  dockerd: () => cpuSecondsOf((c) => c === "dockerd"),
  containerd: () => cpuSecondsOf((c) => c === "containerd"),
  shims: () => cpuSecondsOf((c) => c.startsWith("containerd-shim")),
};
type Reading = Record<keyof typeof groups, number>;
const read = (): Reading => ({
  hub: groups.hub(),
  dockerd: groups.dockerd(),
  containerd: groups.containerd(),
  shims: groups.shims(),
});
const measure = async (seconds: number): Promise<Reading> => {
  const before = read();
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const elapsed = (performance.now() - started) / 1000;
  const after = read();
  const pct = (key: keyof Reading) => ((after[key] - before[key]) / elapsed) * 100;
  return { hub: pct("hub"), dockerd: pct("dockerd"), containerd: pct("containerd"), shims: pct("shims") };
};
const show = (label: string, r: Reading) =>
  console.log(
    `${label.padEnd(28)} hub ${r.hub.toFixed(1).padStart(5)} %  dockerd ${r.dockerd.toFixed(1).padStart(5)} %  ` +
      `containerd ${r.containerd.toFixed(1).padStart(5)} %  shims ${r.shims.toFixed(1).padStart(5)} %  (% of one core)`,
  );
const openFds = () => readdirSync("/proc/self/fd").length;

const cleanup = async () => {
  const left = await docker.listContainers({
    all: true,
    filters: { label: [`${PROJECT_LABEL}=${PROJECT}`] },
  });
  for (let i = 0; i < left.length; i += 20)
    await Promise.all(
      left.slice(i, i + 20).map((c) =>
        docker
          .getContainer(c.Id)
          .remove({ force: true })
          .catch(() => undefined),
      ),
    );
  console.log(`cleanup: removed ${left.length} containers`);
};
process.on("SIGINT", () => void cleanup().finally(() => process.exit(130)));

const main = async () => {
  console.log(
    `stats bench: ${COUNT} busybox containers (sleep 3600, 8 MiB), ${SECONDS} s watched, ${BASELINE_SECONDS} s baseline`,
  );
  const createdAt = performance.now();
  for (let i = 0; i < COUNT; i += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, COUNT - i) }, async (_, j) => {
        const container = await docker.createContainer({
          name: `${PROJECT}-c${i + j}-1`,
          Image: "ollamamax-test/busybox:latest",
          Cmd: ["sleep", "3600"],
          Labels: { [PROJECT_LABEL]: PROJECT, "com.docker.compose.service": `c${i + j}` },
          HostConfig: { Memory: 8 * 2 ** 20, NetworkMode: "none" },
        });
        await container.start();
      }),
    );
  }
  const others = (await docker.listContainers()).length - COUNT;
  console.log(`other running containers on this engine (they cost dockerd CPU too): ${others}`);
  console.log(`started ${COUNT} containers in ${((performance.now() - createdAt) / 1000).toFixed(1)} s`);
  await new Promise((resolve) => setTimeout(resolve, 5000)); // let the starts settle
  show("idle (nobody watching)", await measure(BASELINE_SECONDS));

  const fdsBefore = openFds();
  const hub = createStatsHub({ graceMs: 1000 });
  let batches = 0;
  let samples = 0;
  let wireBytes = 0;
  const lastRead = new Map<string, number>();
  let intervals = 0;
  let intervalSum = 0;
  hub.onBatch((batch) => {
    batches += 1;
    samples += batch.samples.length;
    for (const s of batch.samples) {
      const before = lastRead.get(s.containerId);
      if (before !== undefined) {
        intervals += 1;
        intervalSum += s.t - before;
      }
      lastRead.set(s.containerId, s.t);
    }
    wireBytes += JSON.stringify(batch).length; // what socket.io would send to the room
  });
  const release = hub.watchProject({ project: PROJECT, reason: "viewer" });
  const openedAt = performance.now();
  while (hub.counts().openStreams < COUNT) await new Promise((resolve) => setTimeout(resolve, 100));
  console.log(`hub: ${COUNT} streams requested in ${((performance.now() - openedAt) / 1000).toFixed(1)} s`);
  await new Promise((resolve) => setTimeout(resolve, 5000)); // past the first readings
  batches = samples = wireBytes = intervals = intervalSum = 0;
  const watched = await measure(SECONDS);
  show(`watched through the hub`, watched);
  console.log(
    `hub output: ${batches} batches, ${(samples / Math.max(1, batches)).toFixed(1)} samples per batch, ` +
      `${(wireBytes / SECONDS / 1000).toFixed(1)} kB/s of JSON to the room, ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB RSS`,
  );
  console.log(
    `Docker's readings: one per container every ${(intervalSum / Math.max(1, intervals) / 1000).toFixed(2)} s on average`,
  );
  const history = JSON.stringify(hub.history(PROJECT)).length;
  console.log(
    `late-join history: ${(history / 1000).toFixed(0)} kB for ${hub.history(PROJECT).ticks.length} ticks`,
  );

  release();
  const closingAt = performance.now();
  while (hub.counts().openStreams > 0) await new Promise((resolve) => setTimeout(resolve, 100));
  await new Promise((resolve) => setTimeout(resolve, 500));
  console.log(
    `after release: ${JSON.stringify(hub.counts())} in ${((performance.now() - closingAt) / 1000).toFixed(1)} s; ` +
      `open fds ${fdsBefore} before watching, ${openFds()} after`,
  );
  show("after release, first 10 s", await measure(10));
  show("after release, next 20 s", await measure(20));
};

try {
  await main();
} finally {
  await cleanup();
}

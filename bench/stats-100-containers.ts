// Benchmark: what watching N containers' live stats costs, side by side — the panel's kernel reader
// (cgroups on this host), the panel's fallback on Docker's stats streams, and `docker stats` (CLI,
// streaming) — as CPU of the watcher, dockerd, containerd and the shims (% of one core), how often
// each container gets a reading, and how the kernel's figures agree with Docker's on busy containers.
// Run: npx tsx bench/stats-100-containers.ts [containers=100] [seconds=40] [--source kernel|docker|both]
//      [--json <file>]. `both` (the default) runs all three watchers; `kernel` or `docker` runs that
//      source of the panel and `docker stats`. Always removes its containers, even on failure.
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { getDocker } from "@/lib/docker/client";
import { removeContainers, startContainers, BUSY } from "./stats/containers";
import { formatShares, measureCpu, type CpuShares } from "./stats/cpu";
import {
  compareSources,
  watchWithCli,
  watchWithHub,
  type Agreement,
  type WatcherResult,
} from "./stats/watchers";

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const positional = args.filter((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--"));
const COUNT = Number(positional[0] ?? 100);
const SECONDS = Number(positional[1] ?? 40);
const SOURCE = option("--source") ?? "both";
const JSON_FILE = option("--json");
if (
  !Number.isInteger(COUNT) ||
  COUNT < 1 ||
  !(SECONDS > 0) ||
  !["kernel", "docker", "both"].includes(SOURCE)
) {
  console.error(
    "usage: npx tsx bench/stats-100-containers.ts [containers] [seconds] [--source kernel|docker|both] [--json file]",
  );
  process.exit(2);
}
const IDLE_SECONDS = Math.min(15, SECONDS);
const AGREEMENT_SECONDS = 30;
const SETTLE_MS = 10_000; // after a watcher stops, before the next one is measured
const PROJECT = `statsbench-${process.pid}`;
const docker = getDocker();

const cleanup = async () =>
  console.log(`cleanup: removed ${await removeContainers(docker, PROJECT)} containers`);
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => void cleanup().finally(() => process.exit(130)));

const show = (r: WatcherResult, idle: CpuShares) => {
  console.log(formatShares(r.watcher, r.cpu));
  console.log(
    `${"".padEnd(34)} above idle ${(r.cpu.total - idle.total).toFixed(1)} %; a reading per container every ` +
      `${(r.readingIntervalMs.mean / 1000).toFixed(2)} s (p95 ${(r.readingIntervalMs.p95 / 1000).toFixed(2)} s), ` +
      `${r.containersRead}/${COUNT} containers read${r.note ? ` — ${r.note}` : ""}`,
  );
};

const main = async () => {
  const startedAt = new Date().toISOString();
  const load = loadavg();
  console.log(
    `stats bench: ${COUNT} containers (${Math.min(BUSY.length, COUNT)} busy), ${SECONDS} s per watcher, ` +
      `source ${SOURCE}; ${cpus().length} CPUs, load average ${load.map((l) => l.toFixed(1)).join(" ")}`,
  );
  const ids = await startContainers(docker, PROJECT, COUNT);
  const others = (await docker.listContainers()).length - COUNT;
  console.log(`other running containers on this engine (they cost dockerd CPU too): ${others}`);
  await new Promise((resolve) => setTimeout(resolve, 5000)); // let the starts settle

  // Each watcher is measured right after an idle window of its own: other work on a shared engine
  // moves dockerd's floor between phases, so "above idle" compares like with like.
  const idles: CpuShares[] = [];
  const watchers: WatcherResult[] = [];
  const measureIdle = async () => {
    idles.push(await measureCpu(IDLE_SECONDS));
    console.log(formatShares("idle (nobody watching)", idles.at(-1)!));
  };
  const sources =
    SOURCE === "both" ? (["kernel", "docker"] as const) : ([SOURCE as "kernel" | "docker"] as const);
  for (const source of sources) {
    await measureIdle();
    watchers.push(await watchWithHub({ docker, project: PROJECT, count: COUNT, seconds: SECONDS, source }));
    show(watchers.at(-1)!, idles.at(-1)!);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  }
  await measureIdle();
  watchers.push(await watchWithCli({ ids, seconds: SECONDS }));
  show(watchers.at(-1)!, idles.at(-1)!);
  const idle = idles[0]!;
  const aboveIdle = (w: WatcherResult) => w.cpu.total - idles[watchers.indexOf(w)]!.total;

  const busy = BUSY.slice(0, COUNT).map((b) => b.service);
  const agreement: Agreement[] = await compareSources({
    docker,
    project: PROJECT,
    services: busy,
    seconds: AGREEMENT_SECONDS,
  });
  for (const a of agreement)
    console.log(
      `${a.service.padEnd(12)} CPU kernel ${a.kernelCpuPercent.toFixed(2)} % vs Docker ${a.dockerCpuPercent.toFixed(2)} % ` +
        `(${a.cpuDifferencePercent.toFixed(1)} % apart); memory kernel ${(a.kernelMemoryBytes / 2 ** 20).toFixed(2)} MiB ` +
        `vs Docker ${(a.dockerMemoryBytes / 2 ** 20).toFixed(2)} MiB (${a.memoryDifferencePercent.toFixed(1)} % apart)`,
    );

  const cli = watchers.find((w) => w.watcher === "docker-stats-cli")!;
  const kernel = watchers.find((w) => w.watcher === "panel-kernel");
  const targets = kernel && {
    totalAtMostHalfOfDockerStats: kernel.cpu.total <= cli.cpu.total / 2,
    aboveIdleAtMostHalfOfDockerStats: aboveIdle(kernel) <= aboveIdle(cli) / 2,
    readingEverySecond: kernel.readingIntervalMs.p95 <= 1100 && kernel.containersRead === COUNT,
    within5PercentOfDocker: agreement.every(
      (a) => a.memoryDifferencePercent <= 5 && (a.dockerCpuPercent < 1 || a.cpuDifferencePercent <= 5),
    ),
  };
  if (targets) console.log(`targets: ${JSON.stringify(targets)}`);
  if (JSON_FILE) {
    const report = {
      bench: "stats-100-containers",
      command: `npx tsx bench/stats-100-containers.ts ${args.join(" ")}`.trim(),
      startedAt,
      conditions: {
        containers: COUNT,
        busyContainers: busy.length,
        seconds: SECONDS,
        cpus: cpus().length,
        loadAverage: load,
        otherContainers: others,
      },
      idle,
      watchers: watchers.map((w, i) => ({ ...w, idleBefore: idles[i], aboveIdle: aboveIdle(w) })),
      agreement,
      targets: targets ?? null,
    };
    writeFileSync(JSON_FILE, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`wrote ${JSON_FILE}`);
  }
};

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await cleanup();
  // dockerode's keep-alive sockets would hold the process open for minutes
  process.exit();
}

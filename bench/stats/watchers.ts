// The three ways of watching the same containers that the bench compares: the panel's hub reading
// the kernel, the panel's hub on Docker's streams (its fallback), and `docker stats` (CLI, streaming).
import { spawn } from "node:child_process";
import type Docker from "dockerode";
import type { ContainerSample } from "@/lib/stats/sample";
import { createStatsHub } from "@/lib/stats/hub";
import { measureCpu, meanAndP95, type CpuShares } from "./cpu";

export type WatcherResult = {
  watcher: "panel-kernel" | "panel-docker" | "docker-stats-cli";
  cpu: CpuShares;
  /** Time between two readings of the same container (ms); the CLI's from its printed changes. */
  readingIntervalMs: { mean: number; p95: number; readings: number };
  /** Containers that got at least one reading while measured. */
  containersRead: number;
  note?: string;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const until = async (check: () => boolean, timeoutMs: number): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
};

/** Intervals between consecutive readings of each container, fed one sample at a time. */
const intervalRecorder = () => {
  const last = new Map<string, number>();
  let intervals: number[] = [];
  return {
    add: (containerId: string, t: number) => {
      const before = last.get(containerId);
      if (before !== undefined && t > before) intervals.push(t - before);
      if (before === undefined || t > before) last.set(containerId, t);
    },
    reset: () => {
      intervals = [];
      last.clear();
    },
    result: () => ({ ...meanAndP95(intervals), readings: intervals.length, containers: last.size }),
  };
};

/** The panel's hub watching `project` from one source for `seconds`, after it reads every container. */
export const watchWithHub = async (options: {
  docker: Docker;
  project: string;
  count: number;
  seconds: number;
  source: "kernel" | "docker";
}): Promise<WatcherResult> => {
  const { docker, project, count, seconds, source } = options;
  const hub = createStatsHub({ docker, graceMs: 500, source: source === "kernel" ? "auto" : "docker" });
  const intervals = intervalRecorder();
  hub.onBatch((batch) => batch.samples.forEach((s) => intervals.add(s.containerId, s.t)));
  const release = hub.watchProject({ project, reason: "viewer" });
  const open = () => (source === "kernel" ? hub.counts().kernelContainers : hub.counts().openStreams);
  const ready = await until(() => open() >= count, 60_000);
  await sleep(5000); // past the first readings and the streams' start-up
  intervals.reset();
  const cpu = await measureCpu(seconds);
  const readings = intervals.result();
  release();
  const kernel = hub.kernel();
  await until(() => hub.counts().projects.length === 0, 10_000);
  hub.close();
  return {
    watcher: source === "kernel" ? "panel-kernel" : "panel-docker",
    cpu,
    readingIntervalMs: { mean: readings.mean, p95: readings.p95, readings: readings.readings },
    containersRead: readings.containers,
    note: ready
      ? undefined
      : `only ${open()} of ${count} containers read from ${source}${kernel?.reason ? ` (${kernel.reason})` : ""}`,
  };
};

/** `docker stats` (streaming) on the same containers; its readings are the changes it prints. */
export const watchWithCli = async (options: { ids: string[]; seconds: number }): Promise<WatcherResult> => {
  const { ids, seconds } = options;
  const cli = spawn("docker", ["stats", "--format", "{{.ID}} {{.CPUPerc}} {{.MemUsage}} {{.PIDs}}", ...ids], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  const intervals = intervalRecorder();
  const shown = new Map<string, string>();
  let buffered = "";
  cli.stdout.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8").replace(/\x1b\[[0-9;]*[A-Za-z]/g, "\n"); // screen clears
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    const t = Date.now();
    for (const line of lines) {
      const [id, ...values] = line.trim().split(" ");
      if (!id || values.length === 0) continue;
      if (shown.get(id) === values.join(" ")) continue;
      shown.set(id, values.join(" "));
      intervals.add(id, t);
    }
  });
  try {
    await sleep(8000); // the CLI opens one stream per container before it shows them all
    intervals.reset();
    const cpu = await measureCpu(seconds, cli.pid ?? null);
    const readings = intervals.result();
    return {
      watcher: "docker-stats-cli",
      cpu,
      readingIntervalMs: { mean: readings.mean, p95: readings.p95, readings: readings.readings },
      containersRead: readings.containers,
      note: "intervals between changes of the printed figures: an idle container's unchanged line hides a reading",
    };
  } finally {
    cli.kill("SIGTERM");
  }
};

export type Agreement = {
  service: string;
  kernelCpuPercent: number;
  dockerCpuPercent: number;
  cpuDifferencePercent: number;
  kernelMemoryBytes: number;
  dockerMemoryBytes: number;
  memoryDifferencePercent: number;
};

/** Both of the panel's sources on the same busy containers at once, averaged over `seconds`. */
export const compareSources = async (options: {
  docker: Docker;
  project: string;
  services: string[];
  seconds: number;
}): Promise<Agreement[]> => {
  const { docker, project, services, seconds } = options;
  const sources = ["kernel", "docker"] as const;
  const samples = { kernel: [] as ContainerSample[], docker: [] as ContainerSample[] };
  const hubs = sources.map((source) => {
    const hub = createStatsHub({ docker, graceMs: 100, source: source === "kernel" ? "auto" : "docker" });
    hub.onBatch((b) => samples[source].push(...b.samples.filter((s) => services.includes(s.service))));
    return { hub, release: hub.watchProject({ project, reason: "viewer" }) };
  });
  await sleep(8000); // every Docker stream open and past its first reading
  const from = Date.now();
  await sleep(seconds * 1000);
  const to = Date.now();
  for (const { hub, release } of hubs) {
    release();
    hub.close();
  }
  const pctDiff = (a: number, b: number) => (b === 0 ? (a === 0 ? 0 : 100) : (Math.abs(a - b) / b) * 100);
  return services.map((service) => {
    const of = (source: (typeof sources)[number]) =>
      samples[source].filter((s) => s.service === service && s.t > from && s.t <= to);
    // Time-weighted over the window: each reading is the CPU share since the source's previous one,
    // and the two sources read at different moments (Docker about every 1.35 s at 100 containers).
    const meanCpu = (source: (typeof sources)[number]) => {
      const all = samples[source].filter((s) => s.service === service);
      let weighted = 0;
      let span = 0;
      all.forEach((s, i) => {
        if (i === 0 || s.t <= from || s.t > to) return;
        const dt = s.t - all[i - 1]!.t;
        weighted += s.cpuPercent * dt;
        span += dt;
      });
      return span > 0 ? weighted / span : 0;
    };
    const kernelCpu = meanCpu("kernel");
    const dockerCpu = meanCpu("docker");
    const kernelMemory = of("kernel").at(-1)?.memoryUsedBytes ?? 0;
    const dockerMemory = of("docker").at(-1)?.memoryUsedBytes ?? 0;
    return {
      service,
      kernelCpuPercent: kernelCpu,
      dockerCpuPercent: dockerCpu,
      cpuDifferencePercent: pctDiff(kernelCpu, dockerCpu),
      kernelMemoryBytes: kernelMemory,
      dockerMemoryBytes: dockerMemory,
      memoryDifferencePercent: pctDiff(kernelMemory, dockerMemory),
    };
  });
};

// CPU time of the processes a stats watcher costs: this process (the panel's hub), an optional
// child (the docker CLI), dockerd, containerd and the runc shims; from /proc/<pid>/stat.
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100; // getconf CLK_TCK

/** CPU seconds (user + system) of one process, 0 when it is gone. */
export const cpuSecondsOfPid = (pid: number): number => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime, stime
  } catch {
    return 0;
  }
};

// Processes of this engine only: another engineer's private engine (its dockerd, containerd and
// shims started with paths under /tmp) is not what the watcher costs.
const isPrivateEngine = (pid: string): boolean => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("/tmp/");
  } catch {
    return true;
  }
};

/** CPU seconds of every process of this engine whose comm matches, per pid. */
const cpuSecondsByPid = (match: (comm: string) => boolean): Map<number, number> => {
  const byPid = new Map<number, number>();
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      if (match(readFileSync(`/proc/${pid}/comm`, "utf8").trim()) && !isPrivateEngine(pid))
        byPid.set(Number(pid), cpuSecondsOfPid(Number(pid)));
    } catch {
      // the process went away between listing and reading
    }
  }
  return byPid;
};

// What the processes used between two snapshots: a process that exited meanwhile is left out (its
// last figures are lost with it), one that started counts from 0.
const usedBetween = (before: Map<number, number>, after: Map<number, number>): number => {
  let used = 0;
  for (const [pid, seconds] of after) used += seconds - (before.get(pid) ?? 0);
  return used;
};

export type CpuShares = {
  watcher: number;
  dockerd: number;
  containerd: number;
  shims: number;
  total: number;
};

type Snapshot = {
  watcher: number;
  dockerd: Map<number, number>;
  containerd: Map<number, number>;
  shims: Map<number, number>;
};
const snapshot = (watcherPid: number | null): Snapshot => {
  const self = process.cpuUsage();
  return {
    watcher: watcherPid === null ? (self.user + self.system) / 1e6 : cpuSecondsOfPid(watcherPid),
    dockerd: cpuSecondsByPid((c) => c === "dockerd"),
    containerd: cpuSecondsByPid((c) => c === "containerd"),
    shims: cpuSecondsByPid((c) => c.startsWith("containerd-shim")),
  };
};

/** % of one core each group used over `seconds`; the watcher is this process unless a pid is given. */
export const measureCpu = async (seconds: number, watcherPid: number | null = null): Promise<CpuShares> => {
  const before = snapshot(watcherPid);
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const elapsed = (performance.now() - started) / 1000;
  const after = snapshot(watcherPid);
  const pct = (used: number) => (used / elapsed) * 100;
  const shares = {
    watcher: pct(after.watcher - before.watcher),
    dockerd: pct(usedBetween(before.dockerd, after.dockerd)),
    containerd: pct(usedBetween(before.containerd, after.containerd)),
    shims: pct(usedBetween(before.shims, after.shims)),
  };
  return { ...shares, total: shares.watcher + shares.dockerd + shares.containerd + shares.shims };
};

export const formatShares = (label: string, r: CpuShares): string =>
  `${label.padEnd(34)} watcher ${r.watcher.toFixed(1).padStart(5)}  dockerd ${r.dockerd.toFixed(1).padStart(5)}  ` +
  `containerd ${r.containerd.toFixed(1).padStart(5)}  shims ${r.shims.toFixed(1).padStart(5)}  total ${r.total.toFixed(1).padStart(5)}  (% of one core)`;

/** Mean and 95th percentile of a list (0 for an empty one). */
export const meanAndP95 = (values: number[]): { mean: number; p95: number } => {
  if (values.length === 0) return { mean: 0, p95: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  return {
    mean: values.reduce((a, b) => a + b, 0) / values.length,
    p95: sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!,
  };
};

// A container's CPU throttling as the kernel counts it (cpu.stat of its cgroup), read once when a run
// finishes: how often the CFS quota (its CPU limit) stopped it, and for how long, since it started.
// Read from the cgroup when this process sees the engine's host; else from Docker's one-shot stats,
// whose `throttling_data` dockerd reads from the same file.
import { readFileSync } from "node:fs";
import type Docker from "dockerode";
import { LABEL } from "@/lib/docker/labels";
import { parseCpuThrottling, type CpuThrottling } from "./cgroup-parse";
import { detectKernelHost, isLocalEngine, resolveContainerCgroup, type KernelHost } from "./kernel-host";

export type { CpuThrottling } from "./cgroup-parse";

/** The throttling counters from the container's cgroup, or null when they cannot be read here. */
export const readCgroupThrottling = (
  host: KernelHost,
  container: { containerId: string; pid: number },
): CpuThrottling | null => {
  const cgroup = resolveContainerCgroup(host, container);
  if (!cgroup) return null;
  const dir = cgroup.version === 2 ? cgroup.dir : cgroup.cpu;
  if (!dir) return null;
  try {
    return parseCpuThrottling(readFileSync(`${dir}/cpu.stat`, "utf8"), cgroup.version);
  } catch {
    return null; // the container stopped while being read
  }
};

type ThrottlingData = { periods?: number; throttled_periods?: number; throttled_time?: number };

/** Docker's one-shot stats' throttling_data (the same cpu.stat, read by dockerd), or null. */
export const readDockerThrottling = async (
  docker: Docker,
  containerId: string,
): Promise<CpuThrottling | null> => {
  try {
    const stats = (await docker.getContainer(containerId).stats({ stream: false })) as {
      cpu_stats?: { throttling_data?: ThrottlingData };
    };
    const data = stats.cpu_stats?.throttling_data;
    if (!data || data.periods === undefined || data.throttled_periods === undefined) return null;
    return {
      periods: data.periods,
      throttledPeriods: data.throttled_periods,
      throttledMs: (data.throttled_time ?? 0) / 1e6,
    };
  } catch {
    return null;
  }
};

/**
 * Each service's throttling counters in `project`'s running containers, by service name (a service
 * with several containers: their sums); services whose counters cannot be read are left out.
 */
export const readProjectThrottling = async ({
  docker,
  project,
  host,
}: {
  docker: Docker;
  project: string;
  /** The kernel host when this process sees the engine's cgroups, else null (Docker's stats). */
  host: KernelHost | null;
}): Promise<Record<string, CpuThrottling>> => {
  const containers = await docker.listContainers({
    filters: { label: [`${LABEL.project}=${project}`], status: ["running"] },
  });
  const byService: Record<string, CpuThrottling> = {};
  for (const c of containers) {
    const service = c.Labels[LABEL.service];
    if (!service) continue;
    let reading: CpuThrottling | null = null;
    if (host) {
      const pid = await docker
        .getContainer(c.Id)
        .inspect()
        .then((info) => info.State.Pid)
        .catch(() => 0);
      reading = readCgroupThrottling(host, { containerId: c.Id, pid });
    }
    reading ??= await readDockerThrottling(docker, c.Id);
    if (!reading) continue;
    const sum = byService[service];
    byService[service] = sum
      ? {
          periods: sum.periods + reading.periods,
          throttledPeriods: sum.throttledPeriods + reading.throttledPeriods,
          throttledMs: sum.throttledMs + reading.throttledMs,
        }
      : reading;
  }
  return byService;
};

/** The kernel host to read `docker`'s containers' cgroups from, or null (remote engine, unreadable). */
export const throttlingHostFor = (docker: Docker): KernelHost | null => {
  if (!isLocalEngine(docker)) return null;
  const host = detectKernelHost();
  return "unavailable" in host ? null : host;
};

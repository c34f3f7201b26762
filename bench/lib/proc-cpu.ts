// CPU time of host processes and of containers, for what readiness probing costs.
import { readdirSync, readFileSync } from "node:fs";
import { getDocker } from "@/lib/docker/client";
import { projectFilter } from "@/lib/docker/labels";

const TICK = 100; // clock ticks per second (getconf CLK_TCK)

/** CPU seconds (user + system) per pid of every process whose command name matches (/proc/<pid>/stat). */
export const cpuSecondsByPid = (match: (comm: string) => boolean): Map<string, number> => {
  const out = new Map<string, number>();
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      if (!match(readFileSync(`/proc/${pid}/comm`, "utf8").trim())) continue;
      const fields = (readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1] ?? "").split(" ");
      out.set(pid, (Number(fields[11]) + Number(fields[12])) / TICK);
    } catch {
      // the process went away between listing and reading
    }
  }
  return out;
};

const isEngine = (comm: string) =>
  comm === "dockerd" || comm === "containerd" || comm.startsWith("containerd-shim");

/**
 * Starts measuring dockerd, containerd and the runc shims (exec probes cost all three); the
 * returned function gives the CPU seconds they used since. Per pid: shims of removed containers
 * exit (their time vanishes from a plain sum), shims of new containers count from zero.
 */
export const measureEngineCpu = (): (() => number) => {
  const before = cpuSecondsByPid(isEngine);
  return () => {
    let total = 0;
    for (const [pid, seconds] of cpuSecondsByPid(isEngine)) total += seconds - (before.get(pid) ?? 0);
    return total;
  };
};

/** CPU seconds the project's containers used since they started (Engine stats, one shot). */
export const containersCpuSeconds = async (project: string): Promise<number> => {
  const docker = getDocker();
  const listed = await docker.listContainers({ filters: projectFilter(project) });
  const usages = await Promise.all(
    listed.map(async (c) => {
      const stats = (await docker.getContainer(c.Id).stats({ stream: false })) as {
        cpu_stats?: { cpu_usage?: { total_usage?: number } };
      };
      return (stats.cpu_stats?.cpu_usage?.total_usage ?? 0) / 1e9;
    }),
  );
  return usages.reduce((a, b) => a + b, 0);
};

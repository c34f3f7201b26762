// CPU time of host processes and of containers, for what readiness probing costs.
import { readdirSync, readFileSync } from "node:fs";
import { getDocker } from "@/lib/docker/client";
import { projectFilter } from "@/lib/docker/labels";

const TICK = 100; // clock ticks per second (getconf CLK_TCK)

/** CPU seconds (user + system) of every process whose command name matches, from /proc/<pid>/stat. */
export const cpuSecondsOf = (match: (comm: string) => boolean): number => {
  let total = 0;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      if (!match(readFileSync(`/proc/${pid}/comm`, "utf8").trim())) continue;
      const fields = (readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1] ?? "").split(" ");
      total += (Number(fields[11]) + Number(fields[12])) / TICK;
    } catch {
      // the process went away between listing and reading
    }
  }
  return total;
};

/** dockerd, containerd and the runc shims (exec probes cost all three). */
export const engineCpuSeconds = (): number =>
  cpuSecondsOf((comm) => comm === "dockerd" || comm === "containerd" || comm.startsWith("containerd-shim"));

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

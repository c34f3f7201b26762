// The kernel source of live stats: the containers it was given are read from their cgroups and
// network namespaces when the caller's one timer asks (one /proc/stat read per tick for all), with
// the docker CLI's formulas. A container whose files vanish (it stopped) is dropped and reported.
import { toSample, type ContainerSample, type DockerStatsPayload } from "@/lib/stats/sample";
import { readKernelPayload, readSystemCpuNs } from "./kernel-counters";
import { resolveContainerCgroup, type ContainerCgroup, type KernelHost } from "./kernel-host";

export type KernelContainer = { containerId: string; pid: number; name: string; service: string };

type Watched = KernelContainer & {
  cgroup: ContainerCgroup;
  previousPayload: DockerStatsPayload;
  previousSample: ContainerSample | null;
};

export type KernelReader = {
  /** Starts reading a container (takes its baseline now); false when its cgroup cannot be read. */
  add: (container: KernelContainer) => boolean;
  remove: (containerId: string) => void;
  has: (containerId: string) => boolean;
  /** One reading of each of `ids` that is watched; `gone` lists those whose cgroup disappeared. */
  read: (ids: Iterable<string>) => { samples: ContainerSample[]; gone: string[] };
  size: () => number;
};

/** A reader over `host`; holds only the previous reading of each container. */
export const createKernelReader = (host: KernelHost): KernelReader => {
  const watched = new Map<string, Watched>();

  const payloadOf = (c: { cgroup: ContainerCgroup; pid: number }, systemCpuNs: number, t: number) =>
    readKernelPayload({ host, cgroup: c.cgroup, pid: c.pid, systemCpuNs, t });

  return {
    add: (container) => {
      const cgroup = resolveContainerCgroup(host, container);
      if (!cgroup) return false;
      try {
        const previousPayload = payloadOf({ cgroup, pid: container.pid }, readSystemCpuNs(host), Date.now());
        watched.set(container.containerId, { ...container, cgroup, previousPayload, previousSample: null });
        return true;
      } catch {
        return false; // it stopped while being resolved
      }
    },
    remove: (containerId) => void watched.delete(containerId),
    has: (containerId) => watched.has(containerId),
    size: () => watched.size,
    read: (ids) => {
      const samples: ContainerSample[] = [];
      const gone: string[] = [];
      const systemCpuNs = readSystemCpuNs(host);
      const t = Date.now();
      for (const id of ids) {
        const c = watched.get(id);
        if (!c) continue;
        let now: DockerStatsPayload;
        try {
          now = payloadOf(c, systemCpuNs, t);
        } catch {
          watched.delete(id);
          gone.push(id);
          continue;
        }
        const payload = { ...now, precpu_stats: c.previousPayload.cpu_stats };
        const sample = toSample({
          payload,
          previous: c.previousSample,
          containerId: c.containerId,
          name: c.name,
          service: c.service,
          source: "kernel",
        });
        c.previousPayload = now;
        c.previousSample = sample;
        samples.push(sample);
      }
      return { samples, gone };
    },
  };
};

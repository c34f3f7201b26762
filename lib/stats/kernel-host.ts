// Whether this process can read the engine's containers from the kernel: it talks to the engine over
// a local unix socket (same host) and sees the host's cgroup hierarchy and /proc. Found once.
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import type Docker from "dockerode";
import {
  cgroupDirectory,
  countCpuList,
  parseCgroupMounts,
  parseMemTotalBytes,
  parseProcCgroup,
  parseSystemCpuNs,
  type CgroupMounts,
} from "./cgroup-parse";

/** What the kernel reader needs to know about the host, once. */
export type KernelHost = {
  /** 2 when /sys/fs/cgroup is the unified hierarchy (what dockerd uses then), else 1. */
  cgroupVersion: 1 | 2;
  mounts: CgroupMounts;
  /** sysconf(_SC_NPROCESSORS_ONLN), as dockerd's `online_cpus`. */
  onlineCpus: number;
  /** MemTotal: dockerd's limit for a container without one. */
  machineMemoryBytes: number;
  /** Where /proc is (tests point it at fixtures). */
  procRoot: string;
};

/** One container's cgroup directories; v1 has one per controller, v2 one for all. */
export type ContainerCgroup =
  | {
      version: 1;
      cpuacct: string;
      memory: string;
      pids: string | null;
      blkio: string | null;
      /** The cpu controller's directory (cpu.stat: CFS throttling); often the same mount as cpuacct. */
      cpu?: string | null;
    }
  | { version: 2; dir: string };

// dockerd (system.GetClockTicks) uses 100 on Linux; so does every mainstream kernel configuration.
export const CLOCK_TICKS_PER_SECOND = 100;

const readable = (path: string): boolean => {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
};

/** Whether dockerode talks to a unix socket (the engine runs on this host). */
export const isLocalEngine = (docker: Docker): boolean => {
  const modem = (docker as unknown as { modem?: { socketPath?: unknown } }).modem;
  return typeof modem?.socketPath === "string" && modem.socketPath !== "";
};

/** The host facts, or the reason the kernel cannot be read here (the panel then uses Docker's streams). */
export const detectKernelHost = (procRoot = "/proc"): KernelHost | { unavailable: string } => {
  try {
    const mounts = parseCgroupMounts(readFileSync(`${procRoot}/self/mountinfo`, "utf8"));
    // dockerd picks v2 only when /sys/fs/cgroup itself is cgroup2 (not the hybrid layout's unified/).
    const cgroupVersion = mounts.v2?.mountPoint === "/sys/fs/cgroup" ? 2 : 1;
    if (cgroupVersion === 1 && !mounts.v1.cpuacct) return { unavailable: "no cgroup v1 cpuacct mount" };
    if (cgroupVersion === 2 && !existsSync("/sys/fs/cgroup/cgroup.controllers"))
      return { unavailable: "cgroup2 mount without cgroup.controllers" };
    parseSystemCpuNs(readFileSync(`${procRoot}/stat`, "utf8"));
    const online = existsSync("/sys/devices/system/cpu/online")
      ? countCpuList(readFileSync("/sys/devices/system/cpu/online", "utf8"))
      : 0;
    return {
      cgroupVersion,
      mounts,
      onlineCpus: online > 0 ? online : 1,
      machineMemoryBytes: parseMemTotalBytes(readFileSync(`${procRoot}/meminfo`, "utf8")),
      procRoot,
    };
  } catch (error) {
    return { unavailable: error instanceof Error ? error.message : String(error) };
  }
};

/**
 * The cgroup directories of a running container from its init process (`State.Pid`), or null when
 * they cannot be read from here (another PID namespace, a cgroup namespace, no permission). The path
 * must name the container, so a PID reused by another process is never mistaken for it.
 */
export const resolveContainerCgroup = (
  host: KernelHost,
  { containerId, pid }: { containerId: string; pid: number },
): ContainerCgroup | null => {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  let cgroups;
  try {
    cgroups = parseProcCgroup(readFileSync(`${host.procRoot}/${pid}/cgroup`, "utf8"));
  } catch {
    return null;
  }
  if (!readable(`${host.procRoot}/${pid}/net/dev`)) return null;
  if (host.cgroupVersion === 2) {
    const dir =
      cgroups.v2 && cgroups.v2.includes(containerId) ? cgroupDirectory(host.mounts.v2, cgroups.v2) : null;
    return dir && readable(`${dir}/cpu.stat`) && readable(`${dir}/memory.current`)
      ? { version: 2, dir }
      : null;
  }
  const dirOf = (controller: string): string | null => {
    const path = cgroups.v1[controller];
    return path && path.includes(containerId) ? cgroupDirectory(host.mounts.v1[controller], path) : null;
  };
  const cpuacct = dirOf("cpuacct");
  const memory = dirOf("memory");
  if (!cpuacct || !memory || !readable(`${cpuacct}/cpuacct.usage`) || !readable(`${memory}/memory.stat`))
    return null;
  const pids = dirOf("pids");
  const blkio = dirOf("blkio");
  const cpu = dirOf("cpu");
  return {
    version: 1,
    cpuacct,
    memory,
    pids: pids && readable(`${pids}/pids.current`) ? pids : null,
    blkio,
    cpu: cpu && readable(`${cpu}/cpu.stat`) ? cpu : null,
  };
};

// One container's counters read from its cgroup and its network namespace, shaped as the payload
// dockerd would send for it (the same files, the same fields), so lib/stats/sample.ts computes the
// figures with the docker CLI's own formulas and the two sources cannot drift apart.
import { existsSync, readFileSync } from "node:fs";
import type { DockerStatsPayload } from "@/lib/stats/sample";
import {
  containerInterfaces,
  parseBlkioV1,
  parseCounter,
  parseIoStatV2,
  parseKeyValues,
  parseNetDev,
  parseSystemCpuNs,
  type BlockIo,
} from "./cgroup-parse";
import { CLOCK_TICKS_PER_SECOND, type ContainerCgroup, type KernelHost } from "./kernel-host";

const read = (path: string): string => readFileSync(path, "utf8");

/** The host's CPU time (ns) as dockerd's `system_cpu_usage`; read once per tick for every container. */
export const readSystemCpuNs = (host: KernelHost): number =>
  parseSystemCpuNs(read(`${host.procRoot}/stat`), CLOCK_TICKS_PER_SECOND);

// containerd reads the CFQ files when the kernel has them, else the throttle ones; so do we.
const blkioV1 = (dir: string | null): BlockIo => {
  if (!dir) return { read: 0, write: 0 };
  const cfq = existsSync(`${dir}/blkio.io_serviced_recursive`);
  const file = cfq ? "blkio.io_service_bytes_recursive" : "blkio.throttle.io_service_bytes_recursive";
  try {
    return parseBlkioV1(read(`${dir}/${file}`));
  } catch {
    return { read: 0, write: 0 };
  }
};

const optionalCounter = (path: string): number => {
  try {
    return parseCounter(read(path));
  } catch {
    return 0;
  }
};

export type KernelPayloadOptions = {
  host: KernelHost;
  cgroup: ContainerCgroup;
  pid: number;
  /** From `readSystemCpuNs`, read in the same tick. */
  systemCpuNs: number;
  /** The time of the reading, ms since the epoch. */
  t: number;
};

/**
 * The container's reading as a Docker stats payload (without precpu_stats: the caller keeps the
 * previous reading's cpu_stats). Throws when the cgroup or the init process is gone (the container
 * stopped or restarted).
 */
export const readKernelPayload = ({
  host,
  cgroup,
  pid,
  systemCpuNs,
  t,
}: KernelPayloadOptions): DockerStatsPayload => {
  let cpuUsageNs: number;
  let usage: number;
  let limit: number;
  let stats: Record<string, number>;
  let pids: number;
  let blkio: BlockIo;
  if (cgroup.version === 1) {
    cpuUsageNs = parseCounter(read(`${cgroup.cpuacct}/cpuacct.usage`));
    stats = parseKeyValues(read(`${cgroup.memory}/memory.stat`));
    usage = parseCounter(read(`${cgroup.memory}/memory.usage_in_bytes`));
    limit = parseCounter(read(`${cgroup.memory}/memory.limit_in_bytes`));
    pids = cgroup.pids ? optionalCounter(`${cgroup.pids}/pids.current`) : 0;
    blkio = blkioV1(cgroup.blkio);
  } else {
    cpuUsageNs = (parseKeyValues(read(`${cgroup.dir}/cpu.stat`)).usage_usec ?? 0) * 1000;
    stats = parseKeyValues(read(`${cgroup.dir}/memory.stat`));
    usage = parseCounter(read(`${cgroup.dir}/memory.current`));
    limit = parseCounter(read(`${cgroup.dir}/memory.max`));
    pids = optionalCounter(`${cgroup.dir}/pids.current`);
    let io: BlockIo = { read: 0, write: 0 };
    try {
      io = parseIoStatV2(read(`${cgroup.dir}/io.stat`));
    } catch {
      // io controller not enabled for this cgroup: no block I/O figures, like dockerd
    }
    blkio = io;
  }
  // dockerd shows the machine's memory as the limit of a container that has none (or a larger one).
  if (host.machineMemoryBytes > 0 && limit > host.machineMemoryBytes) limit = host.machineMemoryBytes;
  // Throws when the init process is gone: the container stopped or restarted (a new PID to resolve).
  const interfaces = containerInterfaces(parseNetDev(read(`${host.procRoot}/${pid}/net/dev`)));
  const networks = Object.fromEntries(
    Object.entries(interfaces).map(([name, bytes]) => [name, { rx_bytes: bytes.rx, tx_bytes: bytes.tx }]),
  );
  return {
    read: new Date(t).toISOString(),
    pids_stats: { current: pids },
    cpu_stats: {
      cpu_usage: { total_usage: cpuUsageNs },
      system_cpu_usage: systemCpuNs,
      online_cpus: host.onlineCpus,
    },
    memory_stats: { usage, limit, stats },
    networks,
    blkio_stats: {
      io_service_bytes_recursive: [
        { op: "read", value: blkio.read },
        { op: "write", value: blkio.write },
      ],
    },
  };
};

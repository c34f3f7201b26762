// Parsers of the kernel files a container's stats come from (cgroup v1 and v2, /proc). Pure: text in,
// numbers out, so fixtures of either layout test them without a kernel.

/** `key value` lines (memory.stat, cpu.stat, pids.*) → numbers; lines that are not a number are skipped. */
export const parseKeyValues = (text: string): Record<string, number> => {
  const values: Record<string, number> = {};
  for (const line of text.split("\n")) {
    const [key, value] = line.trim().split(/\s+/);
    if (!key || value === undefined) continue;
    const n = Number(value);
    if (Number.isFinite(n)) values[key] = n;
  }
  return values;
};

/** A single-number file (cpuacct.usage, memory.current, pids.current); `max` is Infinity (no limit). */
export const parseCounter = (text: string): number => {
  const trimmed = text.trim();
  if (trimmed === "max") return Number.POSITIVE_INFINITY;
  const n = Number(trimmed);
  if (trimmed === "" || !Number.isFinite(n)) throw new Error(`not a counter: ${JSON.stringify(trimmed)}`);
  return n;
};

export type BlockIo = { read: number; write: number };

/** cgroup v1 blkio `…io_service_bytes_recursive`: `8:0 Read 4096` lines, summed over devices. */
export const parseBlkioV1 = (text: string): BlockIo => {
  const io = { read: 0, write: 0 };
  for (const line of text.split("\n")) {
    const [, op, value] = line.trim().split(/\s+/);
    const n = Number(value);
    if (!op || !Number.isFinite(n)) continue;
    if (op.toLowerCase() === "read") io.read += n;
    else if (op.toLowerCase() === "write") io.write += n;
  }
  return io;
};

/** cgroup v2 io.stat: `8:0 rbytes=4096 wbytes=0 rios=1 …` lines, summed over devices. */
export const parseIoStatV2 = (text: string): BlockIo => {
  const io = { read: 0, write: 0 };
  for (const match of text.matchAll(/\b([rw])bytes=(\d+)/g)) {
    if (match[1] === "r") io.read += Number(match[2]);
    else io.write += Number(match[2]);
  }
  return io;
};

export type InterfaceBytes = { rx: number; tx: number };

/** /proc/<pid>/net/dev → received and sent bytes per interface. */
export const parseNetDev = (text: string): Record<string, InterfaceBytes> => {
  const interfaces: Record<string, InterfaceBytes> = {};
  for (const line of text.split("\n")) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const fields = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .map(Number);
    // 8 receive columns (bytes first), then 8 transmit columns (bytes first).
    if (!name || fields.length < 16 || fields.some((n) => !Number.isFinite(n))) continue;
    interfaces[name] = { rx: fields[0]!, tx: fields[8]! };
  }
  return interfaces;
};

/** The interfaces Docker reports for a container: every one of its namespace but the loopback. */
export const containerInterfaces = (
  interfaces: Record<string, InterfaceBytes>,
): Record<string, InterfaceBytes> =>
  Object.fromEntries(Object.entries(interfaces).filter(([name]) => name !== "lo"));

/**
 * The host's CPU time in ns from /proc/stat's `cpu` line, as dockerd computes `system_cpu_usage`:
 * user + nice + system + idle + iowait + irq + softirq (the first 7 fields; steal and guest are not
 * counted), in clock ticks, × 1e9 / ticks per second.
 */
export const parseSystemCpuNs = (text: string, clockTicksPerSecond = 100): number => {
  const line = text.split("\n").find((l) => l.startsWith("cpu "));
  const fields = line?.trim().split(/\s+/).slice(1, 8).map(Number) ?? [];
  if (fields.length < 7 || fields.some((n) => !Number.isFinite(n)))
    throw new Error("/proc/stat has no cpu line with 7 fields");
  return (fields.reduce((a, b) => a + b, 0) * 1e9) / clockTicksPerSecond;
};

/** /sys/devices/system/cpu/online (`0-3,6`) → how many CPUs are online. */
export const countCpuList = (text: string): number => {
  let count = 0;
  for (const part of text.trim().split(",")) {
    if (!part) continue;
    const [from, to] = part.split("-").map(Number);
    if (from === undefined || !Number.isFinite(from)) continue;
    count += to === undefined ? 1 : Number.isFinite(to) && to >= from ? to - from + 1 : 0;
  }
  return count;
};

/** /proc/meminfo's MemTotal in bytes (what dockerd shows as the limit of an unlimited container). */
export const parseMemTotalBytes = (text: string): number => {
  const match = /^MemTotal:\s+(\d+)\s*kB/m.exec(text);
  return match ? Number(match[1]) * 1024 : 0;
};

/** A process's cgroups: v1 controller → path, and the v2 (unified, `0::`) path if any. */
export type ProcessCgroups = { v1: Record<string, string>; v2: string | null };

/** /proc/<pid>/cgroup: `2:cpu,cpuacct:/docker/<id>` lines (v1) and `0::/…` (v2). */
export const parseProcCgroup = (text: string): ProcessCgroups => {
  const cgroups: ProcessCgroups = { v1: {}, v2: null };
  for (const line of text.split("\n")) {
    const match = /^(\d+):([^:]*):(.+)$/.exec(line.trim());
    if (!match) continue;
    const [, , controllers, path] = match as unknown as [string, string, string, string];
    if (controllers === "") cgroups.v2 = path;
    else for (const controller of controllers.split(",")) cgroups.v1[controller] = path;
  }
  return cgroups;
};

/** Where a cgroup hierarchy is mounted: the directory, and which cgroup path that directory is. */
export type CgroupMount = { mountPoint: string; root: string };
export type CgroupMounts = { v1: Record<string, CgroupMount>; v2: CgroupMount | null };

/** /proc/self/mountinfo → cgroup v1 mounts per controller, and the cgroup2 mount. */
export const parseCgroupMounts = (mountinfo: string): CgroupMounts => {
  const mounts: CgroupMounts = { v1: {}, v2: null };
  for (const line of mountinfo.split("\n")) {
    // id parent major:minor root mountpoint options [optional…] - fstype source superoptions
    const [before, after] = line.split(" - ");
    if (!before || !after) continue;
    const fields = before.split(" ");
    const [fsType, , superOptions = ""] = after.split(" ");
    const root = fields[3];
    const mountPoint = fields[4]?.replace(/\\040/g, " ");
    if (!root || !mountPoint) continue;
    if (fsType === "cgroup2") mounts.v2 ??= { mountPoint, root };
    else if (fsType === "cgroup")
      for (const option of superOptions.split(",")) mounts.v1[option] ??= { mountPoint, root };
  }
  return mounts;
};

/** The directory of cgroup `path` under `mount`, or null when the mount does not show that path. */
export const cgroupDirectory = (mount: CgroupMount | undefined | null, path: string): string | null => {
  if (!mount) return null;
  const root = mount.root === "/" ? "" : mount.root;
  if (root && path !== root && !path.startsWith(`${root}/`)) return null;
  return `${mount.mountPoint}${path.slice(root.length)}`.replace(/\/+$/, "") || "/";
};

/** CFS bandwidth counters of a cgroup since it was created: periods, periods throttled, time throttled. */
export type CpuThrottling = { periods: number; throttledPeriods: number; throttledMs: number };

/**
 * cpu.stat's throttling counters: v2 `nr_periods`/`nr_throttled`/`throttled_usec`, v1 (the cpu
 * controller's file) `nr_periods`/`nr_throttled`/`throttled_time` in ns. Null when the file has none
 * (no CPU limit was ever set on v1 kernels that omit them).
 */
export const parseCpuThrottling = (text: string, version: 1 | 2): CpuThrottling | null => {
  const values = parseKeyValues(text);
  const periods = values.nr_periods;
  const throttledPeriods = values.nr_throttled;
  const throttledMs =
    version === 2
      ? values.throttled_usec === undefined
        ? undefined
        : values.throttled_usec / 1000
      : values.throttled_time === undefined
        ? undefined
        : values.throttled_time / 1e6;
  if (periods === undefined || throttledPeriods === undefined || throttledMs === undefined) return null;
  return { periods, throttledPeriods, throttledMs };
};

// Docker stats payloads → samples, with the docker CLI's own formulas (cli/command/container/stats_helpers.go)
// so the panel's numbers match `docker stats` exactly. Pure: no I/O, safe to import as types in the browser.

/** The part of Docker's stats payload (GET /containers/{id}/stats) the panel reads; cgroup v1 and v2. */
export type DockerStatsPayload = {
  read: string;
  name?: string;
  id?: string;
  pids_stats?: { current?: number };
  cpu_stats?: CpuStats;
  precpu_stats?: CpuStats;
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
  blkio_stats?: { io_service_bytes_recursive?: { op: string; value: number }[] | null };
};

type CpuStats = {
  cpu_usage?: { total_usage?: number; percpu_usage?: number[] };
  system_cpu_usage?: number;
  online_cpus?: number;
};

/** Where a sample was read: the container's cgroup files on this host, or Docker's stats stream. */
export type StatsSource = "kernel" | "docker";

/** One container at one instant, as the charts and the table show it. Rates are bytes per second. */
export type ContainerSample = {
  containerId: string;
  name: string;
  service: string;
  /** Docker's read time, ms since the epoch. */
  t: number;
  cpuPercent: number;
  memoryUsedBytes: number;
  memoryLimitBytes: number;
  memoryPercent: number;
  netRxBytes: number;
  netTxBytes: number;
  netRxRate: number;
  netTxRate: number;
  blockReadBytes: number;
  blockWriteBytes: number;
  pids: number;
  source: StatsSource;
};

/** Whether a payload holds a reading; Docker sends a zero time ("0001-01-01…") for a stopped container. */
export const hasReading = (payload: DockerStatsPayload): boolean => Date.parse(payload.read) > 0;

/** Whether CPU % is a rate: the first line of a stream has empty precpu_stats (a since-start figure). */
export const hasCpuBaseline = (payload: DockerStatsPayload): boolean =>
  (payload.precpu_stats?.system_cpu_usage ?? 0) > 0;

/** CPU % as the docker CLI: (cpu delta / system delta) × online CPUs × 100; 100 % is one full core. */
export const cpuPercentOf = (payload: DockerStatsPayload): number => {
  const now = payload.cpu_stats;
  const before = payload.precpu_stats;
  const cpuDelta = (now?.cpu_usage?.total_usage ?? 0) - (before?.cpu_usage?.total_usage ?? 0);
  const systemDelta = (now?.system_cpu_usage ?? 0) - (before?.system_cpu_usage ?? 0);
  const onlineCpus = now?.online_cpus || now?.cpu_usage?.percpu_usage?.length || 0;
  if (systemDelta <= 0 || cpuDelta <= 0) return 0;
  return (cpuDelta / systemDelta) * onlineCpus * 100;
};

/** Memory used as the docker CLI: usage minus the inactive file cache (v1 total_inactive_file, v2 inactive_file). */
export const memoryUsedOf = (payload: DockerStatsPayload): number => {
  const usage = payload.memory_stats?.usage ?? 0;
  const stats = payload.memory_stats?.stats ?? {};
  const v1 = stats.total_inactive_file;
  if (v1 !== undefined && v1 < usage) return usage - v1;
  const v2 = stats.inactive_file;
  if (v2 !== undefined && v2 < usage) return usage - v2;
  return usage;
};

/** Received and sent bytes, summed over every interface. */
export const networkBytesOf = (payload: DockerStatsPayload): { rx: number; tx: number } => {
  let rx = 0;
  let tx = 0;
  for (const iface of Object.values(payload.networks ?? {})) {
    rx += iface.rx_bytes ?? 0;
    tx += iface.tx_bytes ?? 0;
  }
  return { rx, tx };
};

/** Block I/O read and written bytes (io_service_bytes_recursive; "Read" on v1, "read" on v2). */
export const blockIoOf = (payload: DockerStatsPayload): { read: number; write: number } => {
  let read = 0;
  let write = 0;
  for (const entry of payload.blkio_stats?.io_service_bytes_recursive ?? []) {
    const op = entry.op.toLowerCase();
    if (op === "read") read += entry.value;
    else if (op === "write") write += entry.value;
  }
  return { read, write };
};

/** Bytes per second between two counters; 0 when the counter went back (container restarted). */
const ratePerSecond = (now: number, before: number, seconds: number): number =>
  seconds > 0 && now >= before ? (now - before) / seconds : 0;

export type ToSampleOptions = {
  payload: DockerStatsPayload;
  /** The same container's previous sample, for network rates; none gives rates of 0. */
  previous?: ContainerSample | null;
  containerId: string;
  name: string;
  service: string;
  /** Where the payload was read (default: Docker's stats stream). */
  source?: StatsSource;
};

/** One sample from one payload; rates come from the previous sample of the same container. */
export const toSample = ({
  payload,
  previous,
  containerId,
  name,
  service,
  source = "docker",
}: ToSampleOptions): ContainerSample => {
  const t = Date.parse(payload.read);
  const memoryUsedBytes = memoryUsedOf(payload);
  const memoryLimitBytes = payload.memory_stats?.limit ?? 0;
  const net = networkBytesOf(payload);
  const block = blockIoOf(payload);
  const seconds = previous ? (t - previous.t) / 1000 : 0;
  return {
    containerId,
    name,
    service,
    t,
    cpuPercent: cpuPercentOf(payload),
    memoryUsedBytes,
    memoryLimitBytes,
    memoryPercent: memoryLimitBytes > 0 ? (memoryUsedBytes / memoryLimitBytes) * 100 : 0,
    netRxBytes: net.rx,
    netTxBytes: net.tx,
    netRxRate: previous ? ratePerSecond(net.rx, previous.netRxBytes, seconds) : 0,
    netTxRate: previous ? ratePerSecond(net.tx, previous.netTxBytes, seconds) : 0,
    blockReadBytes: block.read,
    blockWriteBytes: block.write,
    pids: payload.pids_stats?.current ?? 0,
    source,
  };
};

/**
 * The container settings of a service beyond image, command, ports, mounts and networks: every
 * key of service-keys.ts marked "applied" lands here, in the units the Engine API takes, so
 * lib/docker/runtime-config.ts only renames fields. Null / empty means "not in the file": the
 * Engine's (or the image's) default applies, as with docker compose.
 */

export type Ulimit = { name: string; soft: number; hard: number };

/** One `blkio_config.device_*` entry: a device path and its rate (bytes/s or I/O per second). */
export type BlkioDeviceRate = { path: string; rate: number };

export type Blkio = {
  weight: number | null;
  weightDevice: { path: string; weight: number }[];
  readBps: BlkioDeviceRate[];
  writeBps: BlkioDeviceRate[];
  readIops: BlkioDeviceRate[];
  writeIops: BlkioDeviceRate[];
};

/** `gpus` and `deploy.resources.reservations.devices`, as Engine DeviceRequests. */
export type DeviceRequest = {
  driver: string;
  /** -1: all. */
  count: number;
  deviceIds: string[];
  capabilities: string[][];
  options: Record<string, string>;
};

export type ContainerRuntime = {
  user: string | null;
  hostname: string | null;
  domainname: string | null;
  macAddress: string | null;
  /** `expose`, each as "port/proto" (ranges expanded). */
  expose: string[];
  tty: boolean | null;
  stdinOpen: boolean | null;
  stopSignal: string | null;
  stopTimeoutSeconds: number | null;
  init: boolean | null;
  readOnly: boolean | null;
  shmSizeBytes: number | null;
  /** `tmpfs`: container path → mount options ("" for none). */
  tmpfs: Record<string, string>;
  ulimits: Ulimit[];
  capDrop: string[];
  groupAdd: string[];
  dns: string[];
  dnsOptions: string[];
  dnsSearch: string[];
  /** "host:ip", one per address. */
  extraHosts: string[];
  logging: { driver: string; options: Record<string, string> } | null;
  cpuShares: number | null;
  cpuPeriod: number | null;
  cpuQuota: number | null;
  cpuRealtimePeriodUs: number | null;
  cpuRealtimeRuntimeUs: number | null;
  cpuset: string | null;
  memorySwappiness: number | null;
  /** -1: unlimited swap. */
  memorySwapBytes: number | null;
  oomKillDisable: boolean | null;
  oomScoreAdj: number | null;
  pidsLimit: number | null;
  blkio: Blkio | null;
  platform: string | null;
  runtime: string | null;
  isolation: string | null;
  storageOpt: Record<string, string>;
};

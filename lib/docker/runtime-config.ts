// A service's applied container settings (lib/compose/runtime-types.ts) as the Engine API 1.41
// container-create body takes them, field by field as docker compose fills them. Pure.
import type Docker from "dockerode";
import type { ContainerRuntime, DeviceRequest, HostAccess } from "@/lib/compose/types";

type Fields = Record<string, unknown>;

/** Only the fields the file set: an absent key leaves the Engine's (or image's) default. */
const defined = (fields: Fields): Fields =>
  Object.fromEntries(
    Object.entries(fields).filter(
      ([, value]) =>
        value !== null &&
        value !== undefined &&
        !(Array.isArray(value) && value.length === 0) &&
        !(typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0),
    ),
  );

/** Config (container) fields of the runtime settings. */
export const runtimeContainerConfig = (
  runtime: ContainerRuntime | undefined,
): Partial<Docker.ContainerCreateOptions> => {
  if (!runtime) return {};
  return defined({
    User: runtime.user,
    Hostname: runtime.hostname,
    Domainname: runtime.domainname,
    MacAddress: runtime.macAddress,
    Tty: runtime.tty,
    OpenStdin: runtime.stdinOpen,
    StopSignal: runtime.stopSignal,
    StopTimeout: runtime.stopTimeoutSeconds,
    // The request's platform: the Engine refuses a local image built for another one.
    platform: runtime.platform,
  });
};

const rates = (list: { path: string; rate: number }[]) =>
  list.map(({ path, rate }) => ({ Path: path, Rate: rate }));

const engineDeviceRequest = (request: DeviceRequest) => ({
  Driver: request.driver,
  Count: request.count,
  DeviceIDs: request.deviceIds,
  Capabilities: request.capabilities,
  Options: request.options,
});

/** HostConfig fields of the runtime settings. */
export const runtimeHostConfig = (runtime: ContainerRuntime | undefined): Docker.HostConfig => {
  if (!runtime) return {};
  const blkio = runtime.blkio;
  return defined({
    Init: runtime.init,
    ReadonlyRootfs: runtime.readOnly,
    ShmSize: runtime.shmSizeBytes,
    Tmpfs: runtime.tmpfs,
    Ulimits: runtime.ulimits.map(({ name, soft, hard }) => ({ Name: name, Soft: soft, Hard: hard })),
    CapDrop: runtime.capDrop,
    GroupAdd: runtime.groupAdd,
    Dns: runtime.dns,
    DnsOptions: runtime.dnsOptions,
    DnsSearch: runtime.dnsSearch,
    ExtraHosts: runtime.extraHosts,
    LogConfig: runtime.logging ? { Type: runtime.logging.driver, Config: runtime.logging.options } : null,
    CpuShares: runtime.cpuShares,
    CpuPeriod: runtime.cpuPeriod,
    CpuQuota: runtime.cpuQuota,
    CpuRealtimePeriod: runtime.cpuRealtimePeriodUs,
    CpuRealtimeRuntime: runtime.cpuRealtimeRuntimeUs,
    CpusetCpus: runtime.cpuset,
    MemorySwappiness: runtime.memorySwappiness,
    MemorySwap: runtime.memorySwapBytes,
    OomKillDisable: runtime.oomKillDisable,
    OomScoreAdj: runtime.oomScoreAdj,
    PidsLimit: runtime.pidsLimit,
    BlkioWeight: blkio?.weight,
    BlkioWeightDevice: blkio?.weightDevice.map(({ path, weight }) => ({ Path: path, Weight: weight })),
    BlkioDeviceReadBps: blkio ? rates(blkio.readBps) : null,
    BlkioDeviceWriteBps: blkio ? rates(blkio.writeBps) : null,
    BlkioDeviceReadIOps: blkio ? rates(blkio.readIops) : null,
    BlkioDeviceWriteIOps: blkio ? rates(blkio.writeIops) : null,
    Runtime: runtime.runtime,
    Isolation: runtime.isolation,
    StorageOpt: runtime.storageOpt,
  }) as Docker.HostConfig;
};

/** The host-reaching fields added after the first ones (cgroup, uts, device rules, GPUs). */
export const hostAccessExtras = (access: HostAccess): Docker.HostConfig => ({
  // Empty lists, not absent ones: the Engine then masks nothing (docker compose does the same).
  ...(access.unmaskSystemPaths ? { MaskedPaths: [], ReadonlyPaths: [] } : {}),
  ...defined({
    CgroupnsMode: access.cgroupnsMode,
    CgroupParent: access.cgroupParent,
    UTSMode: access.utsMode,
    DeviceCgroupRules: access.deviceCgroupRules,
    DeviceRequests: access.deviceRequests?.map(engineDeviceRequest),
  }),
});

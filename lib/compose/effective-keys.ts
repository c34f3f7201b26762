// The applied keys beyond image, command, ports, networks and limits, written back as compose
// keys for the effective file (effective-file.ts): what the run passed to Docker, so
// `docker-compose up` on that file creates the same container. Pure.
import type { MountOptions, Service, VolumeMount } from "./types";

type Keys = Record<string, unknown>;

/** Only what the service sets: null, empty lists and empty maps are left out. */
const present = (keys: Keys): Keys =>
  Object.fromEntries(
    Object.entries(keys).filter(
      ([, value]) =>
        value !== null &&
        value !== undefined &&
        !(Array.isArray(value) && value.length === 0) &&
        !(typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0),
    ),
  );

const shortFlags = (readOnly: boolean, options: MountOptions): string[] => [
  ...(readOnly ? ["ro"] : []),
  ...(options.selinux ? [options.selinux] : []),
  ...(options.propagation ? [options.propagation] : []),
  ...(options.noCopy ? ["nocopy"] : []),
];

/** One mount in the short syntax, or the long one where only it can say the flags. */
export const mountEntry = (mount: VolumeMount): unknown => {
  const options = mount.options ?? {};
  if (mount.type === "tmpfs")
    return present({
      type: "tmpfs",
      target: mount.target,
      read_only: mount.readOnly || null,
      tmpfs: present({ size: options.tmpfsSizeBytes, mode: options.tmpfsMode }),
    });
  if (mount.type === "bind" && options.createHostPath === false)
    return present({
      type: "bind",
      source: mount.source,
      target: mount.target,
      read_only: mount.readOnly || null,
      bind: present({ create_host_path: false, propagation: options.propagation, selinux: options.selinux }),
    });
  const flags = shortFlags(mount.readOnly, options);
  if (mount.source === null)
    return flags.length === 0
      ? mount.target
      : present({
          type: "volume",
          target: mount.target,
          read_only: mount.readOnly || null,
          volume: { nocopy: true },
        });
  return `${mount.source}:${mount.target}${flags.length > 0 ? `:${flags.join(",")}` : ""}`;
};

/** The service's runtime and host-access settings as compose keys. */
export const runtimeKeysOf = (service: Service): Keys => {
  const r = service.runtime;
  const h = service.hostAccess;
  return present({
    user: r?.user,
    hostname: r?.hostname,
    domainname: r?.domainname,
    mac_address: r?.macAddress,
    expose: r?.expose,
    tty: r?.tty,
    stdin_open: r?.stdinOpen,
    stop_signal: r?.stopSignal,
    stop_grace_period: r?.stopTimeoutSeconds === null || !r ? null : `${r.stopTimeoutSeconds}s`,
    init: r?.init,
    read_only: r?.readOnly,
    shm_size: r?.shmSizeBytes,
    tmpfs: Object.entries(r?.tmpfs ?? {}).map(([path, options]) => (options ? `${path}:${options}` : path)),
    ulimits: Object.fromEntries((r?.ulimits ?? []).map(({ name, soft, hard }) => [name, { soft, hard }])),
    cap_drop: r?.capDrop,
    group_add: r?.groupAdd,
    dns: r?.dns,
    dns_opt: r?.dnsOptions,
    dns_search: r?.dnsSearch,
    extra_hosts: r?.extraHosts,
    logging: r?.logging ? present({ driver: r.logging.driver || null, options: r.logging.options }) : null,
    cpu_shares: r?.cpuShares,
    cpu_period: r?.cpuPeriod,
    cpu_quota: r?.cpuQuota,
    cpu_rt_period: r?.cpuRealtimePeriodUs,
    cpu_rt_runtime: r?.cpuRealtimeRuntimeUs,
    cpuset: r?.cpuset,
    mem_swappiness: r?.memorySwappiness,
    memswap_limit: r?.memorySwapBytes,
    oom_kill_disable: r?.oomKillDisable,
    oom_score_adj: r?.oomScoreAdj,
    pids_limit: r?.pidsLimit,
    blkio_config: r?.blkio
      ? present({
          weight: r.blkio.weight,
          weight_device: r.blkio.weightDevice,
          device_read_bps: r.blkio.readBps,
          device_write_bps: r.blkio.writeBps,
          device_read_iops: r.blkio.readIops,
          device_write_iops: r.blkio.writeIops,
        })
      : null,
    platform: r?.platform,
    runtime: r?.runtime,
    isolation: r?.isolation,
    storage_opt: r?.storageOpt,
    privileged: h?.privileged || null,
    pid: h?.pidMode,
    ipc: h?.ipcMode,
    userns_mode: h?.usernsMode,
    cap_add: h?.capAdd,
    devices: h?.devices,
    security_opt: h?.unmaskSystemPaths ? [...h.securityOpt, "systempaths=unconfined"] : h?.securityOpt,
    sysctls: h?.sysctls,
    cgroup: h?.cgroupnsMode,
    cgroup_parent: h?.cgroupParent,
    uts: h?.utsMode,
    device_cgroup_rules: h?.deviceCgroupRules,
    // gpus already carry their "gpu" capability: written as the device reservations Compose
    // 1.29 reads too, they load back into the same requests.
    deploy: h?.deviceRequests?.length
      ? {
          resources: {
            reservations: {
              devices: h.deviceRequests.map((d) =>
                present({
                  driver: d.driver || null,
                  count: d.count === -1 ? "all" : d.count,
                  device_ids: d.deviceIds,
                  capabilities: d.capabilities.flat(),
                  options: d.options,
                }),
              ),
            },
          },
        }
      : null,
  });
};

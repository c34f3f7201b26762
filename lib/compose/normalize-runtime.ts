// The applied service keys that are neither mounts, ports, networks nor host-reaching options
// (see service-keys.ts), normalized as docker compose does before it calls the Engine API.
import { asRecord, report, scalarText } from "./normalize-context";
import type { NormalizeContext } from "./normalize-context";
import { fieldReader } from "./read-field";
import type { Blkio, BlkioDeviceRate, ContainerRuntime, Ulimit } from "./runtime-types";
import { parseMemoryBytes } from "./units";
import type { PathSegment } from "./yaml-source";

/** `expose`: "3000", 3000, "3000/udp", "3000-3002/tcp" → one "port/proto" each. */
export const exposedPorts = (items: string[]): string[] =>
  items.flatMap((item) => {
    const [range = "", protocol = "tcp"] = item.split("/");
    const [first = "", last = first] = range.split("-");
    const from = Number(first);
    const to = Number(last);
    if (!Number.isInteger(from) || !Number.isInteger(to) || to < from) return [`${item}`];
    return Array.from({ length: to - from + 1 }, (_, index) => `${from + index}/${protocol}`);
  });

/** `extra_hosts` as a list ("host:ip", "host=ip") or a map (host: ip | [ips]) → "host:ip". */
export const extraHostsOf = (value: unknown): string[] => {
  const unbracket = (ip: string) => ip.replace(/^\[(.*)\]$/, "$1");
  if (Array.isArray(value))
    return value.map(scalarText).map((entry) => {
      const eq = entry.indexOf("=");
      const at = eq >= 0 ? eq : entry.indexOf(":");
      return at < 0 ? entry : `${entry.slice(0, at)}:${unbracket(entry.slice(at + 1))}`;
    });
  return Object.entries(asRecord(value) ?? {}).flatMap(([host, ips]) =>
    (Array.isArray(ips) ? ips : [ips]).map((ip) => `${host}:${unbracket(scalarText(ip))}`),
  );
};

/** `tmpfs`: "/run" or "/run:size=64m,mode=1777" → path → options. */
export const tmpfsOf = (items: string[]): Record<string, string> =>
  Object.fromEntries(
    items.map((item) => {
      const colon = item.indexOf(":");
      return colon < 0 ? [item, ""] : [item.slice(0, colon), item.slice(colon + 1)];
    }),
  );

const ulimitsOf = (ctx: NormalizeContext, value: unknown, path: PathSegment[]): Ulimit[] =>
  Object.entries(asRecord(value) ?? {}).map(([name, raw]) => {
    const long = asRecord(raw);
    const soft = Number(scalarText(long ? long.soft : raw));
    const hard = Number(scalarText(long ? long.hard : raw));
    if (!Number.isInteger(soft) || !Number.isInteger(hard))
      report({ ctx, code: "invalid_value", path: [...path, name], message: "must be whole numbers" });
    return { name, soft, hard };
  });

const blkioOf = (ctx: NormalizeContext, value: unknown, path: PathSegment[]): Blkio | null => {
  const raw = asRecord(value);
  if (!raw) return null;
  const read = fieldReader({ ctx, raw, path });
  const rates = (key: string, bytes: boolean): BlkioDeviceRate[] =>
    (Array.isArray(raw[key]) ? (raw[key] as unknown[]) : []).map((item, index) => {
      const entry = asRecord(item) ?? {};
      const rate = bytes
        ? parseMemoryBytes({ value: typeof entry.rate === "number" ? entry.rate : scalarText(entry.rate) })
        : Number(scalarText(entry.rate));
      if (rate === null || !Number.isInteger(rate))
        report({ ctx, code: "invalid_value", path: [...path, key, index, "rate"], message: "invalid rate" });
      return { path: scalarText(entry.path), rate: rate ?? 0 };
    });
  return {
    weight: read.integer("weight"),
    weightDevice: (Array.isArray(raw.weight_device) ? raw.weight_device : []).map((item) => {
      const entry = asRecord(item) ?? {};
      return { path: scalarText(entry.path), weight: Number(scalarText(entry.weight)) };
    }),
    readBps: rates("device_read_bps", true),
    writeBps: rates("device_write_bps", true),
    readIops: rates("device_read_iops", false),
    writeIops: rates("device_write_iops", false),
  };
};

/** The applied container settings of one service. */
export const normalizeRuntime = ({
  ctx,
  raw,
  path,
}: {
  ctx: NormalizeContext;
  raw: Record<string, unknown>;
  path: PathSegment[];
}): ContainerRuntime => {
  const read = fieldReader({ ctx, raw, path });
  const limits = asRecord(asRecord(asRecord(raw.deploy)?.resources)?.limits) ?? {};
  const limitsPath = [...path, "deploy", "resources", "limits"];
  const deployPids = fieldReader({ ctx, raw: limits, path: limitsPath }).integer("pids");
  const logging = asRecord(raw.logging);
  return {
    user: read.text("user"),
    hostname: read.text("hostname"),
    domainname: read.text("domainname"),
    macAddress: read.text("mac_address"),
    expose: exposedPorts(read.list("expose")),
    tty: read.flag("tty"),
    stdinOpen: read.flag("stdin_open"),
    stopSignal: read.text("stop_signal"),
    stopTimeoutSeconds: read.seconds("stop_grace_period"),
    init: read.flag("init"),
    readOnly: read.flag("read_only"),
    shmSizeBytes: read.bytes("shm_size"),
    tmpfs: tmpfsOf(read.list("tmpfs")),
    ulimits: ulimitsOf(ctx, raw.ulimits, [...path, "ulimits"]),
    capDrop: read.list("cap_drop"),
    groupAdd: read.list("group_add"),
    dns: read.list("dns"),
    dnsOptions: read.list("dns_opt"),
    dnsSearch: read.list("dns_search"),
    extraHosts: extraHostsOf(raw.extra_hosts),
    logging: logging
      ? {
          driver: scalarText(logging.driver),
          options: fieldReader({ ctx, raw: logging, path: [...path, "logging"] }).map("options"),
        }
      : null,
    cpuShares: read.integer("cpu_shares"),
    cpuPeriod: read.integer("cpu_period"),
    cpuQuota: read.integer("cpu_quota"),
    cpuRealtimePeriodUs: read.micros("cpu_rt_period"),
    cpuRealtimeRuntimeUs: read.micros("cpu_rt_runtime"),
    cpuset: read.text("cpuset"),
    memorySwappiness: read.integer("mem_swappiness"),
    memorySwapBytes: read.bytes("memswap_limit", true),
    oomKillDisable: read.flag("oom_kill_disable"),
    oomScoreAdj: read.integer("oom_score_adj"),
    pidsLimit: deployPids ?? read.integer("pids_limit"),
    blkio: blkioOf(ctx, raw.blkio_config, [...path, "blkio_config"]),
    platform: read.text("platform"),
    runtime: read.text("runtime"),
    isolation: read.text("isolation"),
    storageOpt: read.map("storage_opt"),
  };
};

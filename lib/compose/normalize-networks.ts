import { asRecord, isTruthy, listOrDict, scalarText } from "./normalize-context";
import type { NormalizeContext } from "./normalize-context";
import type { NamedVolume, Network, ServiceNetwork } from "./types";

const externalName = (external: unknown): string | null => {
  const record = asRecord(external);
  return record && typeof record.name === "string" ? record.name : null;
};

const isExternal = (external: unknown): boolean => isTruthy(external) || asRecord(external) !== null;

/** Top-level `networks`: Docker name `<project>_<key>` unless `name:` (or external) says otherwise. */
export const normalizeNetworks = ({
  ctx,
  value,
  needsDefault,
}: {
  ctx: NormalizeContext;
  value: unknown;
  needsDefault: boolean;
}): Network[] => {
  const entries = Object.entries(asRecord(value) ?? {});
  if (needsDefault && !entries.some(([key]) => key === "default")) entries.push(["default", null]);
  return entries.map(([key, raw]) => {
    const network = asRecord(raw) ?? {};
    const external = isExternal(network.external);
    const explicit = typeof network.name === "string" ? network.name : externalName(network.external);
    const ipam = asRecord(network.ipam) ?? {};
    const ipamConfig = ipam.config;
    const subnets = (Array.isArray(ipamConfig) ? ipamConfig : [])
      .map((item) => asRecord(item) ?? {})
      .filter((item) => typeof item.subnet === "string")
      .map((item) => ({
        subnet: scalarText(item.subnet),
        gateway: typeof item.gateway === "string" ? item.gateway : null,
        ...(typeof item.ip_range === "string" ? { ipRange: item.ip_range } : {}),
        ...(asRecord(item.aux_addresses) ? { auxAddresses: listOrDict({ value: item.aux_addresses }) } : {}),
      }));
    return {
      name: key,
      dockerName: explicit ?? (external ? key : `${ctx.project}_${key}`),
      driver: typeof network.driver === "string" ? network.driver : "bridge",
      external,
      internal: isTruthy(network.internal),
      subnets,
      driverOpts: listOrDict({ value: network.driver_opts }),
      labels: listOrDict({ value: network.labels }),
      ...(network.enable_ipv6 !== undefined ? { enableIpv6: isTruthy(network.enable_ipv6) } : {}),
      ...(network.attachable !== undefined ? { attachable: isTruthy(network.attachable) } : {}),
      ...(typeof ipam.driver === "string" ? { ipamDriver: ipam.driver } : {}),
      ...(asRecord(ipam.options) ? { ipamOptions: listOrDict({ value: ipam.options }) } : {}),
    };
  });
};

/** Top-level `volumes`: Docker name `<project>_<key>` unless `name:` (or external) says otherwise. */
export const normalizeNamedVolumes = ({
  ctx,
  value,
}: {
  ctx: NormalizeContext;
  value: unknown;
}): NamedVolume[] =>
  Object.entries(asRecord(value) ?? {}).map(([key, raw]) => {
    const volume = asRecord(raw) ?? {};
    const external = isExternal(volume.external);
    const explicit = typeof volume.name === "string" ? volume.name : externalName(volume.external);
    return {
      name: key,
      dockerName: explicit ?? (external ? key : `${ctx.project}_${key}`),
      driver: typeof volume.driver === "string" ? volume.driver : "local",
      external,
      driverOpts: listOrDict({ value: volume.driver_opts }),
      labels: listOrDict({ value: volume.labels }),
    };
  });

/**
 * A service's `networks` (list or map with aliases / ipv4_address). The service name is always
 * an alias on every network: nginx and Prometheus address services by name. No networks and no
 * `network_mode` means the `default` network, as in Compose.
 */
export const normalizeServiceNetworks = ({
  name,
  value,
  networkMode,
}: {
  name: string;
  value: unknown;
  networkMode: string | null;
}): ServiceNetwork[] => {
  if (networkMode !== null) return [];
  const entries: [string, Record<string, unknown>][] = Array.isArray(value)
    ? value.map((item) => [scalarText(item), {}])
    : Object.entries(asRecord(value) ?? {}).map(([key, raw]) => [key, asRecord(raw) ?? {}]);
  if (entries.length === 0) entries.push(["default", {}]);
  // Compose joins networks by priority, highest first (file order among equals).
  const priority = (options: Record<string, unknown>) => Number(scalarText(options.priority ?? 0)) || 0;
  entries.sort(([, a], [, b]) => priority(b) - priority(a));
  return entries.map(([network, options]) => {
    const aliases = Array.isArray(options.aliases) ? options.aliases.map(scalarText) : [];
    const driverOpts = listOrDict({ value: options.driver_opts });
    return {
      name: network,
      aliases: [...new Set([name, ...aliases])],
      ipv4Address: typeof options.ipv4_address === "string" ? options.ipv4_address : null,
      ...(typeof options.ipv6_address === "string" ? { ipv6Address: options.ipv6_address } : {}),
      ...(Array.isArray(options.link_local_ips)
        ? { linkLocalIps: options.link_local_ips.map(scalarText) }
        : {}),
      ...(Object.keys(driverOpts).length > 0 ? { driverOpts } : {}),
    };
  });
};

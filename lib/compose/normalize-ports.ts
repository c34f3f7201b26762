import { asRecord, report, scalarText } from "./normalize-context";
import type { NormalizeContext } from "./normalize-context";
import type { PortMapping } from "./types";
import type { PathSegment } from "./yaml-source";

type Range = { start: number; end: number };

const parseRange = (text: string): Range | null => {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!match) return null;
  const start = Number(match[1]);
  const end = match[2] === undefined ? start : Number(match[2]);
  return start >= 0 && end >= start && end <= 65535 ? { start, end } : null;
};

const protocolOf = (text: string | undefined): PortMapping["protocol"] | null =>
  text === undefined || text === "" || text === "tcp" ? "tcp" : text === "udp" ? "udp" : null;

/** Splits "[ip:][host[-range]:]container[-range]" honouring "[::1]" IPv6 host addresses. */
const splitShort = (spec: string): { ip: string | null; host: string | null; container: string } | null => {
  const v6 = /^\[([^\]]+)\]:(.*)$/.exec(spec);
  if (v6) {
    const rest = v6[2] ?? "";
    const colon = rest.lastIndexOf(":");
    return colon < 0
      ? null
      : { ip: v6[1] ?? null, host: rest.slice(0, colon), container: rest.slice(colon + 1) };
  }
  const parts = spec.split(":");
  if (parts.length === 1) return { ip: null, host: null, container: parts[0] ?? "" };
  if (parts.length === 2) return { ip: null, host: parts[0] ?? "", container: parts[1] ?? "" };
  if (parts.length === 3) return { ip: parts[0] ?? "", host: parts[1] ?? "", container: parts[2] ?? "" };
  return null;
};

const expand = (
  ip: string,
  host: Range | null,
  container: Range,
  protocol: PortMapping["protocol"],
): PortMapping[] | null => {
  const count = container.end - container.start + 1;
  if (host && host.end - host.start + 1 !== count && count !== 1) return null;
  return Array.from({ length: count }, (_, offset) => ({
    hostIp: ip,
    // A host range onto one container port: Compose lets the engine pick; we take the first.
    hostPort: host ? host.start + (count === 1 ? 0 : offset) : null,
    containerPort: container.start + offset,
    protocol,
  }));
};

/** Normalizes `ports` (short "80:80", "127.0.0.1:5432:5432", ranges, "/udp"; or long form). */
export const normalizePorts = ({
  ctx,
  value,
  path,
}: {
  ctx: NormalizeContext;
  value: unknown;
  path: PathSegment[];
}): PortMapping[] => {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item, index) => {
    const itemPath = [...path, index];
    const bad = (message: string): PortMapping[] => {
      report({ ctx, code: "invalid_value", path: itemPath, message });
      return [];
    };
    const long = asRecord(item);
    if (long) {
      const container = parseRange(scalarText(long.target));
      const published = long.published === undefined ? null : parseRange(scalarText(long.published));
      const protocol = protocolOf(long.protocol === undefined ? undefined : scalarText(long.protocol));
      if (!container || (long.published !== undefined && !published) || !protocol)
        return bad(`invalid port ${JSON.stringify(item)}`);
      const ip = typeof long.host_ip === "string" && long.host_ip !== "" ? long.host_ip : ctx.publishHost;
      return (
        expand(ip, published, container, protocol) ?? bad("host and container port ranges differ in length")
      );
    }
    const spec = scalarText(item);
    const [mapping, proto] = spec.split("/");
    const protocol = protocolOf(proto);
    const parts = splitShort(mapping ?? "");
    const container = parts ? parseRange(parts.container) : null;
    const host = parts?.host ? parseRange(parts.host) : null;
    if (!parts || !container || !protocol || (parts.host && !host)) {
      return bad(
        `invalid port "${spec}": use "HOST:CONTAINER", "IP:HOST:CONTAINER" or "CONTAINER", optionally with "/udp"`,
      );
    }
    const ip = parts.ip ? parts.ip : ctx.publishHost;
    return (
      expand(ip, host, container, protocol) ??
      bad(`invalid port "${spec}": host and container ranges differ in length`)
    );
  });
};

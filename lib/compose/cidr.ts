// Subnet arithmetic for preflight (does a topology's subnet collide with an existing network?).
// ipaddr.js parses every textual form (IPv4, IPv6, `::`, IPv4-mapped `::ffff:a.b.c.d`) so we don't.
import ipaddr from "ipaddr.js";

type Parsed = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** Parses "172.21.0.0/24", "fd00::/64" or a bare address (a /32 or /128). Null when invalid. */
const parse = (text: string): Parsed | null => {
  const trimmed = text.trim();
  try {
    if (trimmed.includes("/")) return ipaddr.parseCIDR(trimmed);
    const address = ipaddr.parse(trimmed);
    return [address, address.kind() === "ipv4" ? 32 : 128];
  } catch {
    return null;
  }
};

/** An IPv4-mapped IPv6 block (::ffff:10.0.0.0/104) is the IPv4 block it maps (10.0.0.0/8). */
const normalize = ([address, prefix]: Parsed): Parsed =>
  address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress() && prefix >= 96
    ? [(address as ipaddr.IPv6).toIPv4Address(), prefix - 96]
    : [address, prefix];

/** True when two CIDR blocks share at least one address (same family, equal on the shorter prefix). */
export const cidrsOverlap = ({ a, b }: { a: string; b: string }): boolean => {
  const left = parse(a);
  const right = parse(b);
  if (!left || !right) return false;
  const [leftAddress, leftPrefix] = normalize(left);
  const [rightAddress, rightPrefix] = normalize(right);
  if (leftAddress.kind() !== rightAddress.kind()) return false;
  const shorter = Math.min(leftPrefix, rightPrefix);
  return leftAddress.kind() === "ipv4"
    ? (leftAddress as ipaddr.IPv4).match(rightAddress as ipaddr.IPv4, shorter)
    : (leftAddress as ipaddr.IPv6).match(rightAddress as ipaddr.IPv6, shorter);
};

/** A parsed CIDR block: family, network address as a bigint, prefix length. */
export type Cidr = { family: 4 | 6; address: bigint; prefix: number };

const parseIpv4 = (text: string): bigint | null => {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null;
    value = (value << 8n) | BigInt(Number(part));
  }
  return value;
};

const parseIpv6 = (text: string): bigint | null => {
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groups = (half: string | undefined) => (half ? half.split(":") : []);
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return null;
  let value = 0n;
  for (const group of [...head, ...Array<string>(missing).fill("0"), ...tail]) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return value;
};

/** Parses "172.21.0.0/24" or "fd00::/64"; a bare address is a /32 or /128. Null when invalid. */
export const parseCidr = ({ text }: { text: string }): Cidr | null => {
  const [ip = "", prefixText] = text.trim().split("/");
  const family: 4 | 6 = ip.includes(":") ? 6 : 4;
  const bits = family === 4 ? 32 : 128;
  const address = family === 4 ? parseIpv4(ip) : parseIpv6(ip);
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (address === null || !Number.isInteger(prefix) || prefix < 0 || prefix > bits) return null;
  return { family, address, prefix };
};

/** True when two CIDR blocks share at least one address (same family, equal on the shorter prefix). */
export const cidrsOverlap = ({ a, b }: { a: string; b: string }): boolean => {
  const left = parseCidr({ text: a });
  const right = parseCidr({ text: b });
  if (!left || !right || left.family !== right.family) return false;
  const bits = BigInt(left.family === 4 ? 32 : 128);
  const shift = bits - BigInt(Math.min(left.prefix, right.prefix));
  return left.address >> shift === right.address >> shift;
};

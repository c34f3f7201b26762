// An ssh engine's host key, pinned: the key the engine presented at its first test (shown to the
// admin as its SHA256 fingerprint, as `ssh-keygen -l` prints it) or the known_hosts line the admin
// gave. Checked inside the key exchange (ssh2's hostVerifier), so a server with another key is
// dropped before the panel sends its user name or proves its private key.
import { createHash, createHmac } from "node:crypto";
import { AppError } from "@/lib/errors";

/** A public host key: its type, its wire blob in base64 (as known_hosts writes it), its fingerprint. */
export type HostKey = { type: string; base64: string; fingerprint: string };

const KEY_TYPE = /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|ssh-dss|sk-[a-z0-9@.-]+)$/;

/** The type named inside a key blob (its first SSH string), or null when it is not one. */
const blobType = (blob: Buffer): string | null => {
  if (blob.length < 4) return null;
  const length = blob.readUInt32BE(0);
  return length > 0 && length < 64 && 4 + length <= blob.length
    ? blob.subarray(4, 4 + length).toString("latin1")
    : null;
};

/** The host key of a wire blob (what ssh2's hostVerifier receives). */
export const hostKeyOfBlob = (blob: Buffer): HostKey => ({
  type: blobType(blob) ?? "unknown",
  base64: blob.toString("base64"),
  fingerprint: `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`,
});

/** The pinned keys as stored: one `type base64` per line. */
export const formatPinnedKeys = (keys: HostKey[]): string =>
  keys.map((k) => `${k.type} ${k.base64}`).join("\n");

/** The stored pinned keys (as formatPinnedKeys wrote them). */
export const parsePinnedKeys = (text: string): HostKey[] =>
  text
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((parts): parts is [string, string] => parts.length === 2)
    .map(([, base64]) => hostKeyOfBlob(Buffer.from(base64, "base64")));

/** The name known_hosts uses for a host and port: `host`, or `[host]:port` off port 22. */
const knownHostsName = (host: string, port: number): string => (port === 22 ? host : `[${host}]:${port}`);

/** Whether one known_hosts pattern (plain, `*`/`?` wildcards, or hashed `|1|salt|hash`) names it. */
const patternNames = (pattern: string, name: string): boolean => {
  const hashed = pattern.match(/^\|1\|([^|]+)\|([^|]+)$/);
  if (hashed)
    return (
      createHmac("sha1", Buffer.from(hashed[1] ?? "", "base64"))
        .update(name)
        .digest("base64") === hashed[2]
    );
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    "i",
  );
  return regex.test(name);
};

/** Whether a comma-separated host field names the host (a negated `!pattern` that matches wins). */
const hostFieldNames = (field: string, name: string): boolean => {
  const patterns = field.split(",");
  if (patterns.some((p) => p.startsWith("!") && patternNames(p.slice(1), name))) return false;
  return patterns.some((p) => !p.startsWith("!") && patternNames(p, name));
};

const refuse = (message: string) =>
  new AppError("bad_request", `knownHosts: ${message}`, { field: "knownHosts" });

/**
 * The keys of known_hosts lines for the engine's host (as `ssh-keyscan -p PORT HOST` prints them, or
 * a `.pub` file's `type base64 comment`); 400 naming the field when a line is malformed or names
 * another host, or none is left.
 */
export const parseKnownHosts = ({
  text,
  host,
  port,
}: {
  text: string;
  host: string;
  port: number;
}): HostKey[] => {
  const name = knownHostsName(host, port);
  const keys: HostKey[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    if (line.startsWith("@"))
      throw refuse(`${line.split(/\s/)[0]} lines are not supported: give the engine's own host key`);
    const parts = line.split(/\s+/);
    const [field, type, base64] = KEY_TYPE.test(parts[0] ?? "") ? [null, parts[0], parts[1]] : parts;
    if (!type || !KEY_TYPE.test(type) || !base64)
      throw refuse("each line must be `host key-type base64-key` (as ssh-keyscan prints it)");
    if (field !== null && field !== undefined && !hostFieldNames(field, name))
      throw refuse(`a line names "${field}", not this engine's host ${name}`);
    const blob = Buffer.from(base64, "base64");
    if (blob.toString("base64").replace(/=+$/, "") !== base64.replace(/=+$/, "") || blobType(blob) !== type)
      throw refuse(`the ${type} key is not valid base64 of a ${type} key`);
    keys.push(hostKeyOfBlob(blob));
  }
  if (keys.length === 0) throw refuse("no host key line in it");
  return keys;
};

/** The host key algorithms to offer for pinned keys (an RSA key signs with rsa-sha2-*). */
export const hostKeyAlgorithms = (keys: HostKey[]): string[] => [
  ...new Set(
    keys.flatMap((k) => (k.type === "ssh-rsa" ? ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"] : [k.type])),
  ),
];

/** What a host key check saw: the key presented (if the exchange got that far) and the verdict. */
export type HostKeyCheck = { presented: HostKey | null; accepted: boolean | null };

/**
 * ssh2's hostVerifier for pinned keys (null: nothing pinned — trusted only when `trustOnFirstUse`,
 * which the admin's connection test sets); records what it saw in `check`.
 */
export const hostVerifierFor = ({
  pinned,
  trustOnFirstUse,
  check,
}: {
  pinned: HostKey[] | null;
  trustOnFirstUse: boolean;
  check: HostKeyCheck;
}) => {
  return (blob: Buffer): boolean => {
    const presented = hostKeyOfBlob(blob);
    check.presented = presented;
    check.accepted = pinned ? pinned.some((k) => k.base64 === presented.base64) : trustOnFirstUse;
    return check.accepted;
  };
};

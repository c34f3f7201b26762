import { createHash, createHmac, generateKeyPairSync, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  formatPinnedKeys,
  hostKeyOfBlob,
  hostVerifierFor,
  parseKnownHosts,
  parsePinnedKeys,
} from "./ssh-host-key";

/** An ed25519 public key's wire blob (string "ssh-ed25519", string key). */
const ed25519Blob = (): Buffer => {
  const raw = generateKeyPairSync("ed25519").publicKey.export({ format: "der", type: "spki" }).subarray(-32);
  const str = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
  return Buffer.concat([str(Buffer.from("ssh-ed25519")), str(raw)]);
};

describe("ssh host keys", () => {
  it("fingerprints a key as ssh-keygen -l does (SHA256, base64 without padding)", () => {
    const blob = ed25519Blob();
    const key = hostKeyOfBlob(blob);
    expect(key.type).toBe("ssh-ed25519");
    expect(key.fingerprint).toBe(
      `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`,
    );
    expect(key.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(parsePinnedKeys(formatPinnedKeys([key]))).toEqual([key]);
  });

  it("reads ssh-keyscan lines for the engine's host, plain, [host]:port, hashed, or a .pub line", () => {
    const blob = ed25519Blob();
    const b64 = blob.toString("base64");
    const fp = hostKeyOfBlob(blob).fingerprint;
    const at = { host: "10.0.0.7", port: 2222 };
    expect(parseKnownHosts({ text: `[10.0.0.7]:2222 ssh-ed25519 ${b64}`, ...at })[0]?.fingerprint).toBe(fp);
    expect(
      parseKnownHosts({ text: `box,10.0.0.7 ssh-ed25519 ${b64}`, host: "10.0.0.7", port: 22 }),
    ).toHaveLength(1);
    expect(parseKnownHosts({ text: `ssh-ed25519 ${b64} root@box`, ...at })).toHaveLength(1);
    const salt = randomBytes(20);
    const hash = createHmac("sha1", salt).update("[10.0.0.7]:2222").digest("base64");
    expect(
      parseKnownHosts({ text: `# keyscan\n|1|${salt.toString("base64")}|${hash} ssh-ed25519 ${b64}`, ...at }),
    ).toHaveLength(1);
  });

  it("refuses a line for another host, a malformed key or nothing, naming the field", () => {
    const b64 = ed25519Blob().toString("base64");
    const at = { host: "10.0.0.7", port: 22 };
    expect(() => parseKnownHosts({ text: `other.example ssh-ed25519 ${b64}`, ...at })).toThrow(
      /^knownHosts: .*"other.example"/,
    );
    expect(() => parseKnownHosts({ text: `10.0.0.7 ssh-rsa ${b64}`, ...at })).toThrow(
      /^knownHosts: the ssh-rsa key is not/,
    );
    expect(() => parseKnownHosts({ text: "10.0.0.7 ssh-ed25519", ...at })).toThrow(/^knownHosts: each line/);
    expect(() => parseKnownHosts({ text: "# nothing\n", ...at })).toThrow(/^knownHosts: no host key line/);
    expect(() => parseKnownHosts({ text: `@cert-authority * ssh-ed25519 ${b64}`, ...at })).toThrow(
      /not supported/,
    );
  });

  it("accepts only a pinned key, and an unpinned one only when trusting on first use", () => {
    const pinned = hostKeyOfBlob(ed25519Blob());
    const other = ed25519Blob();
    const check = { presented: null, accepted: null };
    expect(hostVerifierFor({ pinned: [pinned], trustOnFirstUse: true, check })(other)).toBe(false);
    expect(check).toEqual({ presented: hostKeyOfBlob(other), accepted: false });
    expect(
      hostVerifierFor({ pinned: [pinned], trustOnFirstUse: false, check })(
        Buffer.from(pinned.base64, "base64"),
      ),
    ).toBe(true);
    expect(hostVerifierFor({ pinned: null, trustOnFirstUse: false, check })(other)).toBe(false);
    expect(hostVerifierFor({ pinned: null, trustOnFirstUse: true, check })(other)).toBe(true);
  });
});

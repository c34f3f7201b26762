import { Secret, TOTP } from "otpauth";
import { describe, expect, it } from "vitest";
import { openSecret, sealSecret } from "./secret-box";
import {
  acceptTotpCode,
  hashRecoveryCode,
  newRecoveryCodes,
  newTotpSeed,
  openTotpSeed,
  totpCodeNow,
} from "./totp";

// RFC 6238 appendix B, SHA-1 seed "12345678901234567890", 8 digits.
const RFC_VECTORS: [number, string][] = [
  [59, "94287082"],
  [1111111109, "07081804"],
  [1111111111, "14050471"],
  [1234567890, "89005924"],
  [2000000000, "69279037"],
  [20000000000, "65353130"],
];

describe("TOTP", () => {
  it("matches the RFC 6238 SHA-1 test vectors", () => {
    const secret = Secret.fromLatin1("12345678901234567890");
    for (const [seconds, code] of RFC_VECTORS)
      expect(
        TOTP.generate({ secret, algorithm: "SHA1", digits: 8, period: 30, timestamp: seconds * 1000 }),
      ).toBe(code);
  });

  it("accepts the current code once, refuses it replayed and refuses a wrong one", () => {
    const { seed } = newTotpSeed();
    const code = totpCodeNow({ seed });
    expect(acceptTotpCode({ seed, code, userId: "u1" })).toBe(true);
    expect(acceptTotpCode({ seed, code, userId: "u1" })).toBe(false);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    expect(acceptTotpCode({ seed, code: wrong, userId: "u2" })).toBe(false);
    expect(acceptTotpCode({ seed, code: "12345", userId: "u2" })).toBe(false);
  });

  it("stores seeds sealed: not readable, and not openable under another key", () => {
    const { seed, sealed } = newTotpSeed();
    expect(sealed).not.toContain(seed);
    expect(openTotpSeed(sealed)).toBe(seed);
    const box = sealSecret({ plain: "x", secret: "a".repeat(40), purpose: "p" });
    expect(openSecret({ sealed: box, secret: "b".repeat(40), purpose: "p" })).toBeNull();
    // Alter the ciphertext by flipping one bit (replacing it with a fixed value would leave it
    // unchanged whenever it already had that value: 1 run in 256 for a one-byte body).
    const parts = box.split(".");
    const body = Buffer.from(parts[3]!, "base64url");
    body[0] = body[0]! ^ 1;
    const altered = [...parts.slice(0, 3), body.toString("base64url")].join(".");
    expect(altered).not.toBe(box);
    expect(openSecret({ sealed: altered, secret: "a".repeat(40), purpose: "p" })).toBeNull();
  });

  it("makes ten distinct recovery codes, hashed regardless of case and spaces", () => {
    const { codes, hashes } = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    expect(hashes[0]).toBe(hashRecoveryCode(` ${codes[0]!.toUpperCase()} `));
  });
});

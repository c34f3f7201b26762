import { describe, expect, it } from "vitest";
import { readCookie, sessionSetCookie, signSessionId, verifySessionCookie } from "./session-cookie";

const secret = "k".repeat(20) + "abcdefghijklmnop";

describe("session cookie", () => {
  it("round-trips a signed id", () => {
    const value = signSessionId({ id: "abc123", secret });
    expect(verifySessionCookie({ value, secret })).toBe("abc123");
  });
  it("refuses a tampered id, a tampered signature and another secret", () => {
    const value = signSessionId({ id: "abc123", secret });
    const [, mac] = value.split(".");
    expect(verifySessionCookie({ value: `abc124.${mac}`, secret })).toBeNull();
    expect(
      verifySessionCookie({ value: value.slice(0, -1) + (value.endsWith("A") ? "B" : "A"), secret }),
    ).toBeNull();
    expect(verifySessionCookie({ value, secret: secret + "x" })).toBeNull();
    expect(verifySessionCookie({ value: "no-dot", secret })).toBeNull();
  });
  it("sets httpOnly, SameSite=Strict and Secure only over TLS", () => {
    expect(sessionSetCookie({ value: "v", maxAgeSeconds: 60, secure: false })).toBe(
      "omx_session=v; Max-Age=60; Path=/; HttpOnly; SameSite=Strict",
    );
    expect(sessionSetCookie({ value: "v", maxAgeSeconds: 60, secure: true })).toMatch(/; Secure(;|$)/);
  });
  it("reads one cookie among several", () => {
    expect(readCookie("a=1; omx_session=x.y%3D; b=2", "omx_session")).toBe("x.y=");
    expect(readCookie(undefined, "omx_session")).toBeNull();
  });
  it("never throws on a malformed Cookie header: bad escapes, no value, stray separators", () => {
    const malformed = [
      "omx_session=%E0%A4%A",
      "omx_session=%",
      "omx_session",
      '=; ;; =x; omx_session="abc',
      "omx_session=%ZZ.%%%",
      "\u0000omx_session=\u00ff",
    ];
    for (const header of malformed) {
      const value = readCookie(header, "omx_session");
      expect(() => verifySessionCookie({ value: value ?? "", secret })).not.toThrow();
      expect(verifySessionCookie({ value: value ?? "", secret })).toBeNull();
    }
  });
});

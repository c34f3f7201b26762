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
      "omx_session=v; Path=/; HttpOnly; SameSite=Strict; Max-Age=60",
    );
    expect(sessionSetCookie({ value: "v", maxAgeSeconds: 60, secure: true })).toMatch(/; Secure$/);
  });
  it("reads one cookie among several", () => {
    expect(readCookie("a=1; omx_session=x.y%3D; b=2", "omx_session")).toBe("x.y=");
    expect(readCookie(undefined, "omx_session")).toBeNull();
  });
});

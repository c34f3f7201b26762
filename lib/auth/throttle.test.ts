import { describe, expect, it } from "vitest";
import { createLoginThrottle } from "./throttle";

const limits = { windowMs: 60_000, perAccount: 3, perAddress: 5 };

describe("login throttle", () => {
  it("blocks an account after its limit until the oldest failure leaves the window", () => {
    const throttle = createLoginThrottle(limits);
    const key = { account: "Alice", address: "10.0.0.1" };
    for (const t of [0, 1000, 2000]) throttle.recordFailure(key, t);
    expect(throttle.retryAfterMs(key, 2500)).toBe(57_500);
    expect(throttle.retryAfterMs({ account: "alice", address: "10.0.0.9" }, 2500)).toBe(57_500);
    expect(throttle.retryAfterMs(key, 60_001)).toBe(0);
  });
  it("blocks an address trying many accounts", () => {
    const throttle = createLoginThrottle(limits);
    for (let i = 0; i < 5; i++) throttle.recordFailure({ account: `user${i}`, address: "10.0.0.2" }, i);
    expect(throttle.retryAfterMs({ account: "fresh", address: "10.0.0.2" }, 10)).toBeGreaterThan(0);
    expect(throttle.retryAfterMs({ account: "fresh", address: "10.0.0.3" }, 10)).toBe(0);
  });
  it("a success clears the account's failures", () => {
    const throttle = createLoginThrottle(limits);
    const key = { account: "bob", address: "10.0.0.4" };
    for (const t of [0, 1, 2]) throttle.recordFailure(key, t);
    throttle.recordSuccess(key);
    expect(throttle.retryAfterMs({ account: "bob", address: "10.0.0.5" }, 3)).toBe(0);
  });
});

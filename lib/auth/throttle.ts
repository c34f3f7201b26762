// Failed sign-ins are counted per account and per address in a sliding window; past the limit,
// further attempts are refused until the window has room again. In memory: a restart forgets.
import { globalSingleton } from "@/lib/global-singleton";

export type ThrottleLimits = { windowMs: number; perAccount: number; perAddress: number };
export const DEFAULT_LIMITS: ThrottleLimits = { windowMs: 15 * 60_000, perAccount: 5, perAddress: 20 };

export type LoginThrottle = {
  /** Milliseconds until another attempt is allowed, 0 when allowed now. */
  retryAfterMs: (key: { account: string; address: string }, now?: number) => number;
  recordFailure: (key: { account: string; address: string }, now?: number) => void;
  recordSuccess: (key: { account: string }) => void;
};

/** A throttle with its own memory (tests make their own; the panel uses `getLoginThrottle`). */
export const createLoginThrottle = (limits: ThrottleLimits = DEFAULT_LIMITS): LoginThrottle => {
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number): number[] => {
    const kept = (failures.get(key) ?? []).filter((t) => now - t < limits.windowMs);
    if (kept.length) failures.set(key, kept);
    else failures.delete(key);
    return kept;
  };
  const waitFor = (key: string, limit: number, now: number): number => {
    const times = recent(key, now);
    return times.length < limit ? 0 : (times[times.length - limit] ?? now) + limits.windowMs - now;
  };
  return {
    retryAfterMs: ({ account, address }, now = Date.now()) =>
      Math.max(
        waitFor(`a:${account.toLowerCase()}`, limits.perAccount, now),
        waitFor(`ip:${address}`, limits.perAddress, now),
      ),
    recordFailure: ({ account, address }, now = Date.now()) => {
      for (const key of [`a:${account.toLowerCase()}`, `ip:${address}`])
        failures.set(key, [...recent(key, now), now]);
    },
    recordSuccess: ({ account }) => void failures.delete(`a:${account.toLowerCase()}`),
  };
};

/** The panel's process-wide throttle. */
export const getLoginThrottle = (): LoginThrottle =>
  globalSingleton("login-throttle", () => createLoginThrottle());

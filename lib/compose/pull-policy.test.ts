import { describe, expect, it } from "vitest";
import { parseTopology } from "@/lib/compose";
import { mustPull, pullPolicyOf } from "./pull-policy";

const HOUR_MS = 3_600_000;

describe("pull_policy", () => {
  it("reads every policy Compose accepts, refresh durations in milliseconds", () => {
    expect(pullPolicyOf({ value: "always" })).toEqual({ kind: "always" });
    expect(pullPolicyOf({ value: "if_not_present" })).toEqual({ kind: "missing" });
    expect(pullPolicyOf({ value: "daily" })).toEqual({ kind: "refresh", afterMs: 24 * HOUR_MS });
    expect(pullPolicyOf({ value: "weekly" })).toEqual({ kind: "refresh", afterMs: 7 * 24 * HOUR_MS });
    expect(pullPolicyOf({ value: "every_1d12h" })).toEqual({ kind: "refresh", afterMs: 36 * HOUR_MS });
    expect(pullPolicyOf({ value: "every_1w30m5s" })).toEqual({
      kind: "refresh",
      afterMs: 7 * 24 * HOUR_MS + 30 * 60_000 + 5_000,
    });
    for (const bad of ["every_", "every_0s", "every_5x", "sometimes", "refresh"])
      expect(pullPolicyOf({ value: bad })).toBeNull();
  });

  it("pulls as Compose decides", () => {
    const now = 100 * 24 * HOUR_MS;
    const daily = { kind: "refresh", afterMs: 24 * HOUR_MS } as const;
    const at = (policy: Parameters<typeof mustPull>[0]["policy"], present: boolean, ageMs: number | null) =>
      mustPull({ policy, present, lastTagTimeMs: ageMs === null ? null : now - ageMs, nowMs: now });
    expect(at({ kind: "always" }, true, 0)).toBe(true);
    expect(at({ kind: "missing" }, true, 0)).toBe(false);
    expect(at({ kind: "missing" }, false, null)).toBe(true);
    expect(at({ kind: "never" }, false, null)).toBe(false);
    expect(at({ kind: "build" }, false, null)).toBe(false);
    expect(at(daily, true, 23 * HOUR_MS)).toBe(false);
    expect(at(daily, true, 25 * HOUR_MS)).toBe(true);
    expect(at(daily, true, null)).toBe(true);
    expect(at(daily, false, null)).toBe(true);
  });

  it("loads always, daily and every_<duration> (refused before: images were never pulled) and refuses unknown ones at their line", () => {
    const text = (policy: string) => `services:\n  app:\n    image: busybox\n    pull_policy: ${policy}\n`;
    for (const policy of ["always", "daily", "weekly", "every_12h", "missing", "never", "build"]) {
      const result = parseTopology({ text: text(policy), file: "/tmp/pull/docker-compose.yml", env: {} });
      expect(result.ok ? result.topology.services[0]?.pullPolicy : result.errors).toEqual(
        pullPolicyOf({ value: policy }),
      );
    }
    const refused = parseTopology({ text: text("every_0s"), file: "/tmp/pull/docker-compose.yml", env: {} });
    expect(refused.ok ? [] : refused.errors.map((e) => `${e.path}@${e.line}: ${e.message}`)).toEqual([
      expect.stringMatching(/^services\.app\.pull_policy@4: .*pull_policy every_0s: use always, missing/),
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { fixtureService } from "@/test/fixtures/fixture-topology";
import type { PullPolicy, Service } from "@/lib/compose/types";
import { imageActionOf } from "./prepare";

const NOW_MS = 1_000 * 24 * 3_600_000;
const service = (name: string, pullPolicy?: PullPolicy, build = false): Service => ({
  ...fixtureService({ name, image: "127.0.0.1:5999/app:1" }),
  ...(pullPolicy ? { pullPolicy } : {}),
  build: build ? { context: "/tmp/app", dockerfile: "Dockerfile", args: {} } : null,
});
const action = (services: Service[], state: { lastTagTimeMs: number | null } | null) =>
  imageActionOf({ image: "127.0.0.1:5999/app:1", services, state, nowMs: NOW_MS });

describe("imageActionOf: what a deploy does with an image, by its services' pull_policy", () => {
  const fresh = { lastTagTimeMs: NOW_MS - 60_000 };
  const old = { lastTagTimeMs: NOW_MS - 2 * 24 * 3_600_000 };
  it("pulls for always even when present, uses a present image by default, pulls an absent one", () => {
    expect(action([service("a", { kind: "always" })], fresh)).toBe("pull");
    expect(action([service("a")], fresh)).toBe("use");
    expect(action([service("a")], null)).toBe("pull");
    // Two services share the image: the one that must pull decides.
    expect(action([service("a", { kind: "missing" }), service("b", { kind: "always" })], fresh)).toBe("pull");
  });
  it("refreshes an image tagged longer ago than the policy's duration", () => {
    expect(action([service("a", { kind: "refresh", afterMs: 24 * 3_600_000 })], fresh)).toBe("use");
    expect(action([service("a", { kind: "refresh", afterMs: 24 * 3_600_000 })], old)).toBe("pull");
  });
  it("refuses an absent image under never, naming the service, and builds `build:` services", () => {
    expect(() => action([service("a", { kind: "never" })], null)).toThrow(
      /Image 127\.0\.0\.1:5999\/app:1 is not on this host and pull_policy never \(a\) forbids pulling it/,
    );
    expect(action([service("a", { kind: "never" })], fresh)).toBe("use");
    expect(action([service("a", { kind: "never" }, true)], null)).toBe("build");
    expect(action([service("a", undefined, true)], null)).toBe("build");
    expect(action([service("a", { kind: "always" }, true)], fresh)).toBe("pull");
  });
});

import { describe, expect, it } from "vitest";
import { runClocks } from "./clocks";

const topology = {
  services: [
    { name: "db", healthcheck: { test: ["CMD", "true"] } },
    { name: "app", healthcheck: null },
    { name: "init", healthcheck: { test: ["CMD", "true"] } },
  ],
} as unknown as Parameters<typeof runClocks>[0]["topology"];

describe("runClocks", () => {
  it("takes the first creation, the last ready and the last Docker healthy (unchecked and one-shot services count when ready)", () => {
    const clocks = runClocks({
      topology,
      oneShots: ["init"],
      services: [
        { service: "db", createdAt: 900, readyAt: 5_000, dockerHealthyAt: 9_000 },
        { service: "app", createdAt: 5_100, readyAt: 6_000, dockerHealthyAt: null },
        { service: "init", createdAt: 1_000, readyAt: 2_000, dockerHealthyAt: null },
      ],
    });
    expect(clocks).toEqual({ preparationMs: 900, readyMs: 6_000, dockerHealthyMs: 9_000 });
  });

  it("gives no ready or healthy time unless every service reached it", () => {
    const clocks = runClocks({
      topology,
      oneShots: [],
      services: [
        { service: "db", createdAt: 900, readyAt: 5_000, dockerHealthyAt: null },
        { service: "app", createdAt: null, readyAt: null, dockerHealthyAt: null },
      ],
    });
    expect(clocks).toEqual({ preparationMs: 900, readyMs: null, dockerHealthyMs: null });
  });
});

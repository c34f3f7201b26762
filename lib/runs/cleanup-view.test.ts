import { describe, expect, it } from "vitest";
import { cleanupText } from "./cleanup-view";

describe("cleanupText", () => {
  it("names what Docker still lists after a failed cleanup", () => {
    expect(
      cleanupText({
        cleanupState: "failed",
        cleanupLeftovers: { containers: ["p-db-1"], networks: ["p_front"], volumes: [] },
      }),
    ).toBe("failed: Docker still lists 2 (p-db-1, p_front)");
  });
  it("says done, pending or nothing", () => {
    expect(cleanupText({ cleanupState: "done", cleanupLeftovers: null })).toMatch(/^done/);
    expect(cleanupText({ cleanupState: "pending", cleanupLeftovers: null })).toMatch(/^pending/);
    expect(cleanupText({ cleanupState: null, cleanupLeftovers: null })).toBe("—");
  });
});

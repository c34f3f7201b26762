import { describe, expect, it } from "vitest";
import { teardownLevels } from "./teardown";

describe("teardownLevels", () => {
  it("stops dependents before what they depend on, in parallel inside a level", () => {
    const levels = teardownLevels([
      { service: "postgres", dependsOn: [] },
      { service: "redis", dependsOn: [] },
      { service: "node-1", dependsOn: ["postgres", "redis"] },
      { service: "node-2", dependsOn: ["node-1"] },
      { service: "lb", dependsOn: ["node-1"] },
    ]);
    expect(levels).toEqual([["node-2", "lb"], ["node-1"], ["postgres", "redis"]]);
  });
  it("ignores dependencies on services that are not there (already removed, or never labelled)", () => {
    expect(teardownLevels([{ service: "grafana", dependsOn: ["prometheus"] }])).toEqual([["grafana"]]);
    expect(teardownLevels([])).toEqual([]);
  });
});

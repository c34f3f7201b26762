import { describe, expect, it } from "vitest";
import { reachedStateText } from "./run-row";

describe("reachedStateText", () => {
  it("says which phase a run was starting, as the run state counts them (from 1)", () => {
    expect(reachedStateText({ state: "starting", phase: 2, phases: 4, phaseName: "Workers" })).toBe(
      "starting phase 2/4 (Workers)",
    );
    expect(reachedStateText({ state: "tearing_down" })).toBe("tearing down");
  });
});

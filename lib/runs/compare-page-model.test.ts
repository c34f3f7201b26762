import { describe, expect, it } from "vitest";
import type { Row } from "./compare";
import { changeDirection, compareCells, effectiveDiffs, guideClaimLines } from "./compare-page-model";

const startup: Row = {
  label: "Total startup",
  unit: "ms",
  lowerIsBetter: true,
  cells: [
    { value: 20_000, changePct: null, spread: null },
    { value: 15_000, changePct: -25, spread: { median: 15_000, min: 14_000, max: 16_500, n: 3 } },
    { value: 22_000, changePct: 10, spread: { median: 22_000, min: 22_000, max: 22_000, n: 1 } },
  ],
};

describe("changeDirection", () => {
  it("is better when the change goes the way the row prefers, worse the other way, none without one", () => {
    expect(changeDirection({ lowerIsBetter: true }, -25)).toBe("better");
    expect(changeDirection({ lowerIsBetter: true }, 10)).toBe("worse");
    expect(changeDirection({ lowerIsBetter: false }, 10)).toBe("better");
    expect(changeDirection({ lowerIsBetter: null }, 10)).toBe("none");
    expect(changeDirection({ lowerIsBetter: true }, 0)).toBe("none");
    expect(changeDirection({ lowerIsBetter: true }, null)).toBe("none");
  });
});

describe("compareCells", () => {
  it("writes each cell, its change, a batch's spread and the conditions mark of a run that differs", () => {
    const [baseline, faster, slower] = compareCells(startup, [false, false, true]);
    expect(baseline).toMatchObject({
      changeText: "",
      direction: "none",
      conditionsDiffer: false,
      spreadText: null,
    });
    expect(faster).toMatchObject({
      value: 15_000,
      changePct: -25,
      changeText: "−25.0 %",
      direction: "better",
    });
    expect(faster?.spreadText).toMatch(/^median .+ · .+–.+ over 3 runs$/);
    expect(faster?.conditionsDiffer).toBe(false);
    // A single run is no spread; its differing conditions mark its change.
    expect(slower).toMatchObject({
      changeText: "+10.0 %",
      direction: "worse",
      spreadText: null,
      conditionsDiffer: true,
    });
  });
});

describe("effectiveDiffs", () => {
  it("diffs each later run's file against the baseline's and says which file is missing", () => {
    expect(effectiveDiffs(["a", "b", null])).toEqual([
      { label: "#1 → #2", before: "a", after: "b" },
      { label: "#1 → #3", missing: "no stored effective file for #3 (runs before this feature)." },
    ]);
    expect(effectiveDiffs([null, "b"])).toEqual([
      { label: "#1 → #2", missing: "no stored effective file for the baseline (runs before this feature)." },
    ]);
  });
});

describe("guideClaimLines", () => {
  it("writes one line per topology the guide makes claims for", () => {
    const lines = guideClaimLines();
    expect(lines.map((l) => l.name)).toContain("original");
    expect(lines.find((l) => l.name === "original")?.text).toMatch(
      /^for original: startup \d+(\.\d+)? s, \d+ cores/,
    );
  });
});

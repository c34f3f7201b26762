import { describe, expect, it } from "vitest";
import { judgeRegression, type JudgedRun } from "./regression";

const run = (id: string, totalMs: number, extra: Partial<JudgedRun> = {}): JudgedRun => ({
  id,
  totalMs,
  topologyHash: "h1",
  hostCpus: 2,
  hostMemoryBytes: 8 * 2 ** 30,
  engineVersion: "26.1.5",
  fitMode: "clamp",
  fitCpuScale: null,
  fitMemoryScale: null,
  fitChanges: [],
  dataState: "cold",
  dataItems: [],
  imageIds: { "pg:16": "sha256:aaaa" },
  ...extra,
});

describe("the deploy-regression rule", () => {
  const history = [run("a", 10_000), run("b", 11_000), run("c", 12_000)];

  it("raises a deploy slower than the median of equal-condition deploys by more than the margin", () => {
    expect(judgeRegression({ run: run("new", 13_500), previous: history, marginPercent: 10 })).toEqual({
      regression: true,
      baselineMedianMs: 11_000,
      comparedRuns: 3,
    });
    expect(
      judgeRegression({ run: run("new", 12_000), previous: history, marginPercent: 10 }).regression,
    ).toBe(false);
    // A wider margin, the project's threshold, lets the same deploy pass.
    expect(
      judgeRegression({ run: run("new", 13_500), previous: history, marginPercent: 25 }).regression,
    ).toBe(false);
  });

  it("compares only deploys under equal conditions", () => {
    const warmFast = [run("w1", 2_000, { dataState: "warm" }), run("w2", 2_100, { dataState: "warm" })];
    const finding = judgeRegression({
      run: run("new", 11_500),
      previous: [...warmFast, ...history],
      marginPercent: 10,
    });
    expect(finding).toMatchObject({ regression: false, baselineMedianMs: 11_000, comparedRuns: 3 });
    // Nothing comparable: no verdict, no alert.
    expect(
      judgeRegression({ run: run("new", 99_000, { hostCpus: 8 }), previous: history, marginPercent: 10 }),
    ).toEqual({ regression: false, baselineMedianMs: null, comparedRuns: 0 });
  });
});

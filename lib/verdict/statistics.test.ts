import { describe, expect, it } from "vitest";
import reference from "./fixtures/reference.json";
import {
  bootstrapRatioOfMedians,
  cliffMagnitude,
  cliffsDelta,
  holm,
  mannWhitneyU,
  modifiedZScores,
  normalCdf,
  outlierIndexes,
  seededRandom,
  summarize,
} from "./statistics";

// reference.json is SciPy's answer on each fixture (lib/verdict/fixtures/make-reference.py).
const TOLERANCE = 1e-6;

describe("statistics against SciPy (fixtures/reference.json)", () => {
  it("holds at least ten fixture sets, among them ties, n = 3, n = 30, identical and separated samples", () => {
    expect(reference.fixtures.length).toBeGreaterThanOrEqual(10);
    const names = reference.fixtures.map((f) => f.name).join(" | ");
    for (const kind of ["ties", "n = 3", "n = 30", "identical", "fully separated"])
      expect(names).toContain(kind);
  });

  for (const fixture of reference.fixtures) {
    describe(fixture.name, () => {
      it("Mann–Whitney U, p-value and method equal scipy.stats.mannwhitneyu (method='auto')", () => {
        const result = mannWhitneyU(fixture.x, fixture.y);
        expect(result.method).toBe(fixture.method);
        expect(Math.abs(result.u - fixture.u)).toBeLessThan(TOLERANCE);
        expect(Math.abs(result.pValue - fixture.pValue)).toBeLessThan(TOLERANCE);
      });

      it("Cliff's delta equals the pairwise count", () => {
        expect(Math.abs(cliffsDelta(fixture.x, fixture.y) - fixture.cliffsDelta)).toBeLessThan(TOLERANCE);
      });

      it("the percentile bootstrap CI of the ratio of medians is within 2 % of scipy.stats.bootstrap", () => {
        const ci = bootstrapRatioOfMedians({ sample: fixture.x, baseline: fixture.y, seed: fixture.seed });
        expect(ci.resamples).toBeGreaterThanOrEqual(10_000);
        expect(Math.abs(ci.ratio - fixture.ratio)).toBeLessThan(TOLERANCE);
        const [low, high] = fixture.ci as [number, number];
        expect(Math.abs(ci.low - low) / low).toBeLessThanOrEqual(0.02);
        expect(Math.abs(ci.high - high) / high).toBeLessThanOrEqual(0.02);
      });

      it("the summary and modified Z-scores equal NumPy's", () => {
        const summary = summarize(fixture.x);
        for (const key of ["n", "median", "mean", "sd", "min", "max"] as const) {
          expect(Math.abs(summary[key] - fixture.summaryX[key])).toBeLessThan(TOLERANCE);
        }
        modifiedZScores(fixture.x).forEach((z, i) =>
          expect(Math.abs(z - (fixture.modifiedZX[i] as number))).toBeLessThan(TOLERANCE),
        );
      });
    });
  }

  it("identical samples give p = 1 and an interval containing 1", () => {
    const identical = reference.fixtures.find((f) => f.name === "identical samples");
    expect(identical).toBeDefined();
    const { x, y, seed } = identical as (typeof reference.fixtures)[number];
    expect(mannWhitneyU(x, y).pValue).toBe(1);
    const ci = bootstrapRatioOfMedians({ sample: x, baseline: y, seed });
    expect(ci.low).toBeLessThanOrEqual(1);
    expect(ci.high).toBeGreaterThanOrEqual(1);
  });

  it("Holm's adjustment equals the reference on every set", () => {
    expect(reference.holm.length).toBeGreaterThanOrEqual(5);
    for (const { p, adjusted } of reference.holm) {
      holm(p).forEach((value, i) =>
        expect(Math.abs(value - (adjusted[i] as number))).toBeLessThan(TOLERANCE),
      );
    }
  });

  it("modified Z-scores equal the reference, and |M| > 3.5 is flagged", () => {
    for (const { values, z } of reference.modifiedZ) {
      modifiedZScores(values).forEach((m, i) =>
        expect(Math.abs(m - (z[i] as number))).toBeLessThan(TOLERANCE),
      );
    }
    expect(outlierIndexes([10.1, 10.3, 9.9, 10.0, 10.2, 25.0])).toEqual([5]);
    expect(outlierIndexes([3, 3, 3])).toEqual([]);
  });
});

describe("statistics, by construction", () => {
  it("the seeded generator repeats for a seed and differs between seeds", () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect([c(), c(), c()]).not.toEqual(first);
    expect(first.every((v) => v >= 0 && v < 1)).toBe(true);
  });

  it("the same seed gives the same interval", () => {
    const options = { sample: [1, 2, 3, 4, 5], baseline: [2, 3, 4, 5, 6], seed: 7 };
    expect(bootstrapRatioOfMedians(options)).toEqual(bootstrapRatioOfMedians(options));
  });

  it("the normal CDF matches known values", () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(Math.abs(normalCdf(1.959963984540054) - 0.975)).toBeLessThan(1e-12);
    expect(Math.abs(normalCdf(-3) - 0.0013498980316301)).toBeLessThan(1e-12);
    expect(Math.abs(normalCdf(-6) - 9.865876450377e-10)).toBeLessThan(1e-15);
  });

  it("names Cliff's magnitudes at 0.147, 0.33 and 0.474", () => {
    expect(cliffMagnitude(0.1)).toBe("negligible");
    expect(cliffMagnitude(-0.2)).toBe("small");
    expect(cliffMagnitude(0.4)).toBe("medium");
    expect(cliffMagnitude(-0.474)).toBe("large");
  });

  it("refuses an empty sample or a non-finite value", () => {
    expect(() => summarize([])).toThrow(/no values/);
    expect(() => mannWhitneyU([1, Number.NaN], [2])).toThrow(/finite/);
  });
});

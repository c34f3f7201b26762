import { describe, expect, it } from "vitest";
import {
  buildSchedule,
  crossHostProblem,
  guideClaimsPreset,
  variantEnvironments,
  variantLabels,
  ZExperimentRequest,
} from "./experiment-definition";

const variants = [
  { topology: "original", strategy: "sequential" },
  { topology: "optimized", strategy: "dag" },
];
const issuesOf = (input: unknown) => {
  const parsed = ZExperimentRequest.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("ZExperimentRequest", () => {
  it("fills the defaults: 5 repetitions, no warm-up, cold data, round-robin, baseline 0, fit clamp", () => {
    const parsed = ZExperimentRequest.parse({ name: "a", variants });
    expect(parsed).toMatchObject({
      repetitions: 5,
      warmup: 0,
      data: "cold",
      order: "round-robin",
      baseline: 0,
    });
    expect(parsed.variants[0]?.fit).toBe("clamp");
  });

  it("refuses repetitions out of 2–50, naming the field", () => {
    expect(issuesOf({ name: "a", variants, repetitions: 1 })).toEqual([
      "repetitions: at least 2 repetitions per variant",
    ]);
    expect(issuesOf({ name: "a", variants, repetitions: 51 })).toEqual([
      "repetitions: at most 50 repetitions per variant",
    ]);
  });

  it("refuses an unknown variant field, naming the variant", () => {
    const issues = issuesOf({ name: "a", variants: [variants[0], { ...variants[1], colour: "red" }] });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^variants\.1: .*colour/);
  });

  it("refuses two identical variants (defaults applied), naming the second", () => {
    const issues = issuesOf({
      name: "a",
      variants: [variants[0], { ...variants[0], fit: "clamp", tuning: {} }],
    });
    expect(issues).toEqual(["variants.1: the same as variant 0: two identical variants compare nothing"]);
  });

  it("refuses a baseline that is not among the variants", () => {
    expect(issuesOf({ name: "a", variants, baseline: 2 })).toEqual([
      "baseline: the baseline is an index into variants (0–1); 2 is none of them",
    ]);
  });

  it("accepts the guide's preset", () => {
    expect(issuesOf(guideClaimsPreset())).toEqual([]);
    expect(issuesOf(guideClaimsPreset({ fit: "proportional" }))).toEqual([]);
  });
});

describe("buildSchedule", () => {
  it("round-robin interleaves: one repetition of every variant per round, warm-ups first", () => {
    const slots = buildSchedule({ variants: 2, repetitions: 3, warmup: 1, order: "round-robin", seed: 1 });
    expect(slots.map((s) => `${s.warmup ? "w" : ""}${s.variant}:${s.repetition}`)).toEqual([
      "w0:1",
      "w1:1",
      "0:1",
      "1:1",
      "0:2",
      "1:2",
      "0:3",
      "1:3",
    ]);
  });

  it("randomized blocks shuffle each round with the seed, never all of A before B", () => {
    const a = buildSchedule({ variants: 3, repetitions: 10, warmup: 0, order: "randomized-blocks", seed: 9 });
    const b = buildSchedule({ variants: 3, repetitions: 10, warmup: 0, order: "randomized-blocks", seed: 9 });
    expect(a).toEqual(b);
    for (let r = 0; r < 10; r++) {
      const round = a.slice(r * 3, r * 3 + 3);
      expect(round.every((s) => s.repetition === r + 1)).toBe(true);
      expect(new Set(round.map((s) => s.variant)).size).toBe(3);
    }
    const orders = new Set(
      Array.from({ length: 10 }, (_, r) =>
        a
          .slice(r * 3, r * 3 + 3)
          .map((s) => s.variant)
          .join(""),
      ),
    );
    expect(orders.size).toBeGreaterThan(1);
  });
});

describe("variantLabels", () => {
  it("says topology/strategy, plus what else differs between the variants", () => {
    expect(
      variantLabels([
        { topology: "optimized", strategy: "dag", fit: "clamp" },
        { topology: "optimized", strategy: "dag", fit: "proportional" },
      ]),
    ).toEqual(["optimized/dag, fit clamp", "optimized/dag, fit proportional"]);
    expect(variantLabels(ZExperimentRequest.parse({ name: "a", variants }).variants)).toEqual([
      "original/sequential",
      "optimized/dag",
    ]);
  });
});

describe("one engine for every variant", () => {
  it("reads each variant's engine: its own environment, else the experiment's, else the panel's own", () => {
    expect(variantEnvironments({ variants: [{}, { environment: "lab" }] })).toEqual([null, "lab"]);
    expect(variantEnvironments({ environment: "lab", variants: [{}, { environment: "rack" }] })).toEqual([
      "lab",
      "rack",
    ]);
  });

  it("names the first variant whose engine differs, and says why", () => {
    expect(crossHostProblem({ given: ["lab", "lab-by-id"], engines: ["env-1", "env-1"] })).toBeNull();
    const problem = crossHostProblem({ given: [null, null, "rack"], engines: [null, null, "env-2"] });
    expect(problem?.path).toBe("variants.2.environment");
    expect(problem?.message).toBe(
      'variant 2 would run on environment "rack" but variant 0 on the panel\'s own engine: timings from ' +
        "different hosts cannot be compared — run the variants on one engine (one experiment per host)",
    );
  });

  it("takes a variant's environment as part of it: two variants differing only there are not identical", () => {
    const issues = issuesOf({
      name: "a",
      variants: [variants[0], { ...variants[0], environment: "rack" }],
    });
    expect(issues).toEqual([]);
  });
});

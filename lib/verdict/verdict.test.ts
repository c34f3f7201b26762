import { describe, expect, it } from "vitest";
import { holm } from "./statistics";
import {
  computeVerdicts,
  driftCheck,
  EXPERIMENT_METRICS,
  experimentMetrics,
  phaseMetric,
  phaseOfKey,
} from "./verdict";

const variants = [{ label: "original/sequential" }, { label: "optimized/dag" }];
const conditions = "cold data, fit clamp, same host, engine and images";
const seconds = (values: number[]) => values.map((v) => v * 1000);
/** Time to ready of the baseline and a variant 3.5× faster, n = 10 each, fully separated. */
const separatedReady = [
  seconds([35.1, 34.8, 36.0, 35.5, 34.9, 35.7, 35.2, 36.3, 34.6, 35.0]),
  seconds([10.1, 9.9, 10.3, 10.0, 10.2, 9.8, 10.4, 10.1, 9.7, 10.0]),
];

describe("computeVerdicts", () => {
  it("says how many times faster, with the inverted interval, p and n, when the interval excludes 1", () => {
    const [row] = computeVerdicts({
      variants,
      baseline: 0,
      samples: {
        readyMs: separatedReady,
      },
      metrics: EXPERIMENT_METRICS.filter((m) => m.key === "readyMs"),
      seed: 1,
      conditions,
    });
    expect(row?.outcome).toBe("better");
    expect(row?.pValue).toBeLessThan(0.001);
    expect(row?.magnitude).toBe("large");
    expect(row?.cliffsDelta).toBe(-1);
    expect(row?.sentence).toMatch(
      /^optimized\/dag reaches ready 3\.5× faster than original\/sequential \(95 % CI 3\.\d–3\.\d×, p < 0\.001, n = 10 each; cold data, fit clamp, same host, engine and images\)$/,
    );
  });

  it("says 'no difference shown' with the interval when it contains 1", () => {
    const [row] = computeVerdicts({
      variants,
      baseline: 0,
      samples: {
        readyMs: [
          [5.1, 5.3, 5.0, 5.6, 5.2],
          [5.2, 5.0, 5.4, 5.1, 5.5],
        ],
      },
      metrics: EXPERIMENT_METRICS.filter((m) => m.key === "readyMs"),
      seed: 3,
      conditions,
    });
    expect(row?.outcome).toBe("no-difference");
    expect(row?.ci?.[0]).toBeLessThanOrEqual(1);
    expect(row?.ci?.[1]).toBeGreaterThanOrEqual(1);
    expect(row?.sentence).toMatch(
      /: no difference shown \(95 % CI 0\.\d\d–1\.\d\d×, p = [01]\.\d+, n = 5 each; cold data/,
    );
  });

  it("adjusts p-values by Holm across metrics and variants judged together", () => {
    const rows = computeVerdicts({
      variants: [...variants, { label: "optimized/phased" }],
      baseline: 0,
      samples: {
        readyMs: [
          [10, 11, 12, 13, 14],
          [1, 2, 3, 4, 5],
          [20, 21, 22, 23, 24],
        ],
        dockerHealthyMs: [
          [10, 11, 12, 13, 14],
          [10.5, 11.5, 12.5, 13.5, 9],
          [10, 11.1, 12.2, 13.3, 14.4],
        ],
      },
      seed: 5,
      conditions,
    });
    expect(rows).toHaveLength(4); // metrics nobody measured give no rows
    const separated = rows.find((r) => r.metric === "readyMs" && r.variant === 1);
    expect(separated?.pValueRaw).toBeCloseTo(2 / 252, 9);
    expect(separated?.pValue).toBeCloseTo((4 * 2) / 252, 9);
    const worse = rows.find((r) => r.metric === "readyMs" && r.variant === 2);
    expect(worse?.outcome).toBe("worse");
    expect(worse?.sentence).toMatch(
      /^optimized\/phased reaches ready 1\.\d+× slower than original\/sequential/,
    );
  });

  it("says 'not significant after Holm' when the interval excludes 1 but the adjusted p does not reach 0.05", () => {
    const rows = computeVerdicts({
      variants: [...variants, { label: "optimized/phased" }],
      baseline: 0,
      samples: {
        readyMs: [
          [36.2, 37.4, 37.5, 37.7],
          [9.8, 10.1, 11.6, 12.5],
          [15.9, 17.1, 17.2, 18.3],
        ],
      },
      seed: 2026,
      conditions,
    });
    const dag = rows.find((r) => r.variant === 1);
    expect(dag?.pValueRaw).toBeCloseTo(2 / 70, 9);
    expect(dag?.pValue).toBeCloseTo(4 / 70, 9);
    expect(dag?.outcome).toBe("not-significant");
    expect(dag?.sentence).toMatch(
      /^optimized\/dag vs original\/sequential, time to ready: 0\.29× \(95 % CI 0\.\d\d–0\.\d\d×\) but not significant after Holm \(p = 0\.057, n = 4 each; cold data.*\): more repetitions needed to claim it$/,
    );
  });

  it("gives no verdict when the repetitions' conditions differ, and names what differs", () => {
    const [row] = computeVerdicts({
      variants,
      baseline: 0,
      samples: {
        readyMs: [
          [10, 11, 12, 13, 14],
          [1, 2, 3, 4, 5],
        ],
      },
      metrics: EXPERIMENT_METRICS.filter((m) => m.key === "readyMs"),
      seed: 5,
      conditions,
      differences: ["data state: cold ≠ warm"],
    });
    expect(row?.outcome).toBe("not-judged");
    expect(row?.sentence).toContain("conditions differ (data state: cold ≠ warm)");
  });

  it("is reproducible from its seed", () => {
    const options = {
      variants,
      baseline: 0,
      samples: {
        readyMs: [
          [10, 12, 11, 13],
          [9, 8, 10, 11],
        ],
      },
      seed: 77,
      conditions,
    };
    expect(computeVerdicts(options)).toEqual(computeVerdicts(options));
  });

  it("flags outliers by modified Z-score and keeps them", () => {
    const [row] = computeVerdicts({
      variants,
      baseline: 0,
      samples: {
        readyMs: [
          [10, 11, 10.5, 10.2, 10.8],
          [5, 5.1, 4.9, 5.2, 30],
        ],
      },
      metrics: EXPERIMENT_METRICS.filter((m) => m.key === "readyMs"),
      seed: 5,
      conditions,
    });
    expect(row?.outliers).toEqual([4]);
    expect(row?.n).toBe(5);
  });
});

describe("driftCheck", () => {
  it("warns when the baseline's last third moved more than 10 % from its first", () => {
    expect(driftCheck([10, 10.2, 10.1, 11, 12, 12.5])?.drifted).toBe(true);
    expect(driftCheck([10, 10.2, 10.1, 10.3, 9.9, 10.1])?.drifted).toBe(false);
    expect(driftCheck([10, 11])).toBeNull();
  });
});

describe("per-phase verdicts", () => {
  it("puts each startup phase beside the totals, before the other metrics", () => {
    expect(experimentMetrics(["Foundation", "Leader"]).map((m) => m.key)).toEqual([
      "readyMs",
      "dockerHealthyMs",
      "phase:Foundation",
      "phase:Leader",
      "firstNodeReadyMs",
      "cpuAvgCores",
      "memPeakBytes",
      "latencyP50Ms",
      "latencyP95Ms",
    ]);
    expect(phaseOfKey("phase:Load Balancer")).toBe("Load Balancer");
    expect(phaseOfKey("readyMs")).toBeNull();
  });

  it("judges a phase like the total, Holm-adjusted together with it", () => {
    const rows = computeVerdicts({
      variants,
      baseline: 0,
      samples: {
        readyMs: separatedReady,
        "phase:Leader": [
          seconds([8.0, 8.2, 7.9, 8.1, 8.3, 7.8, 8.0, 8.2, 8.1, 7.9]),
          seconds([8.1, 7.9, 8.0, 8.2, 7.8, 8.3, 8.0, 8.1, 7.9, 8.2]),
        ],
      },
      metrics: experimentMetrics(["Leader"]).filter((m) => ["readyMs", "phase:Leader"].includes(m.key)),
      seed: 7,
      conditions,
    });
    expect(rows.map((r) => r.metric)).toEqual(["readyMs", "phase:Leader"]);
    const [total, leader] = rows;
    expect(total?.outcome).toBe("better");
    expect(leader?.outcome).toBe("no-difference");
    expect(leader?.sentence).toMatch(
      /^optimized\/dag vs original\/sequential, phase Leader: no difference shown \(95 % CI 0\.\d\d–1\.\d\d×, p = /,
    );
    // Holm over both rows: the same adjusted p-values as Holm on the two raw ones.
    expect(rows.map((r) => r.pValue)).toEqual(holm(rows.map((r) => r.pValueRaw as number)));
    expect(phaseMetric("Workers")).toMatchObject({ label: "phase Workers", verb: "completes phase Workers" });
  });
});

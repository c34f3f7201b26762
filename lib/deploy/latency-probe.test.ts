import { describe, expect, it } from "vitest";
import { quantile, summarizeLatency } from "./latency-probe";

describe("latency summary", () => {
  it("uses nearest-rank quantiles", () => {
    const sorted = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(quantile(sorted, 0.5)).toBe(10);
    expect(quantile(sorted, 0.95)).toBe(19);
    expect(quantile([], 0.5)).toBeNull();
  });
  it("summarizes durations and counts failures", () => {
    const result = summarizeLatency({
      target: { service: "lb", url: "http://127.0.0.1/" },
      durations: [4, 2, 3, 10],
      failures: 1,
    });
    expect(result).toEqual({
      service: "lb",
      url: "http://127.0.0.1/",
      requests: 5,
      failures: 1,
      p50Ms: 3,
      p95Ms: 10,
      maxMs: 10,
      meanMs: 4.75,
    });
  });
});

import { describe, expect, it } from "vitest";
import {
  changePercent,
  clusterUse,
  efficiency,
  firstNodeReady,
  startupPhaseByName,
  isRegression,
  median,
  phaseTimes,
  spread,
} from "./aggregate";

const optimizedRun = [
  { service: "postgres", readyAtMs: 20_400 },
  { service: "redis", readyAtMs: 3_000 },
  { service: "prometheus", readyAtMs: 4_000 },
  { service: "ollama-node-1", readyAtMs: 26_400 },
  { service: "ollama-node-2", readyAtMs: 33_000 },
  { service: "ollama-node-3", readyAtMs: 33_500 },
  { service: "load-balancer", readyAtMs: 35_200 },
];

describe("run aggregations", () => {
  it("maps services to the guide's phases by role", () => {
    expect(
      ["postgres", "jaeger", "ollama-node-1", "ollama-node-4", "load-balancer"].map(startupPhaseByName),
    ).toEqual(["Foundation", "Other services", "Leader", "Workers", "Load Balancer"]);
  });
  it("adds phase times up as the guide's table does", () => {
    expect(phaseTimes(optimizedRun)).toEqual({
      Foundation: 20_400,
      Leader: 6_000,
      Workers: 7_100,
      "Load Balancer": 1_700,
      "Other services": 0,
    });
  });
  it("puts monitoring started after the load balancer (the original's baseline) in its own step", () => {
    const sequential = [
      ...optimizedRun.filter((s) => s.service !== "prometheus"),
      { service: "prometheus", readyAtMs: 40_000 },
    ];
    expect(phaseTimes(sequential)["Other services"]).toBe(4_800);
  });
  it("counts a phase that finished before the previous one as 0 (dag)", () => {
    const dag = [
      { service: "postgres", readyAtMs: 10_000 },
      { service: "ollama-node-1", readyAtMs: 15_000 },
      { service: "ollama-node-2", readyAtMs: 14_000 },
      { service: "load-balancer", readyAtMs: 16_000 },
    ];
    expect(phaseTimes(dag)).toEqual({
      Foundation: 10_000,
      Leader: 5_000,
      Workers: 0,
      "Load Balancer": 1_000,
      "Other services": null,
    });
  });
  it("finds the first healthy node", () => {
    expect(firstNodeReady(optimizedRun)).toBe(26_400);
    expect(firstNodeReady([{ service: "redis", readyAtMs: 1 }])).toBeNull();
  });
  it("computes medians, spreads and changes", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
    expect(spread([35_200, null, 30_000, 40_000])).toEqual({
      median: 35_200,
      min: 30_000,
      max: 40_000,
      n: 3,
    });
    expect(changePercent({ baseline: 190, value: 120 })).toBeCloseTo(-36.842, 3);
    expect(changePercent({ baseline: 0, value: 1 })).toBeNull();
  });
  it("computes efficiency as used over allocated", () => {
    expect(efficiency({ used: 0.3, allocated: 1.8 })).toBeCloseTo(0.1667, 4);
    expect(efficiency({ used: 1, allocated: 0 })).toBeNull();
  });
  it("flags a run slower than the previous median by more than the margin", () => {
    expect(isRegression({ totalMs: 40_000, previousTotals: [30_000, 35_000, 36_000] })).toEqual({
      regression: true,
      baselineMedianMs: 35_000,
    });
    expect(isRegression({ totalMs: 38_000, previousTotals: [30_000, 35_000, 36_000] }).regression).toBe(
      false,
    );
    expect(isRegression({ totalMs: 99_000, previousTotals: [] })).toEqual({
      regression: false,
      baselineMedianMs: null,
    });
  });
  it("turns 1 s cluster totals into cores and bytes, average and peak", () => {
    expect(
      clusterUse([
        { cpuPercent: 50, memoryUsedBytes: 100 },
        { cpuPercent: 150, memoryUsedBytes: 300 },
      ]),
    ).toEqual({ cpuAvgCores: 1, cpuPeakCores: 1.5, memAvgBytes: 200, memPeakBytes: 300 });
  });
});

describe("phases and first node from a run's own topology", () => {
  const layout = [
    { service: "vault", phase: "Storage", role: "foundation" as const },
    { service: "brain", phase: "Core", role: "leader" as const },
    { service: "helper", phase: "Core", role: "worker" as const },
    { service: "front", phase: "Edge", role: "load-balancer" as const },
  ];
  const run = [
    { service: "vault", readyAtMs: 2_000 },
    { service: "brain", readyAtMs: 5_000 },
    { service: "helper", readyAtMs: 4_000 },
    { service: "front", readyAtMs: 6_500 },
  ];
  it("adds up the topology's own phases", () => {
    expect(phaseTimes(run, layout)).toEqual({ Storage: 2_000, Core: 3_000, Edge: 1_500 });
  });
  it("takes the first node by role, not by name", () => {
    expect(firstNodeReady(run, layout)).toBe(4_000);
    expect(firstNodeReady(run)).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { compareRuns, comparisonMarkdown, formatChange, type CompareInput } from "./compare";

const run = (
  id: string,
  totalMs: number,
  readyAt: Record<string, number>,
  extra: Partial<CompareInput> = {},
): CompareInput => ({
  id,
  label: id,
  topology: "t",
  strategy: "s",
  status: "healthy",
  totalMs,
  preparationMs: 1_000,
  readyMs: totalMs,
  dockerHealthyMs: totalMs + 5_000,
  fitMode: "clamp",
  dataState: "cold",
  differences: [],
  services: Object.entries(readyAt).map(([service, readyAtMs]) => ({ service, readyAtMs })),
  cpuAllocated: 2,
  memAllocatedBytes: 2 ** 31,
  cpuAvgCores: 0.5,
  cpuPeakCores: 1,
  memAvgBytes: 2 ** 30,
  memPeakBytes: 2 ** 30,
  latencyP50Ms: 3,
  latencyP95Ms: 9,
  nodeAdditionMs: null,
  nodeRemovalMs: null,
  latencyP99Ms: null,
  latencyMaxMs: null,
  latencyErrors: null,
  nodeShares: null,
  analysis: null,
  topologyChanged: false,
  batch: null,
  ...extra,
});

describe("compareRuns", () => {
  const baseline = run("original-sequential", 190_000, {
    postgres: 30_000,
    "ollama-node-1": 70_000,
    "ollama-node-2": 120_000,
    "ollama-node-3": 175_000,
    "load-balancer": 190_000,
  });
  const optimized = run(
    "optimized-phased",
    120_000,
    {
      postgres: 30_000,
      "ollama-node-1": 70_000,
      "ollama-node-2": 100_000,
      "ollama-node-3": 100_000,
      "load-balancer": 120_000,
    },
    { cpuAvgCores: 1.7, nodeAdditionMs: 9_000, nodeRemovalMs: 2_000 },
  );
  const [startup, resources] = compareRuns([baseline, optimized]);

  it("gives the guide's phase times and the change against the baseline", () => {
    expect(startup?.rows.map((r) => [r.label, r.cells.map((c) => c.value)])).toEqual([
      ["Foundation", [30_000, 30_000]],
      ["Leader", [40_000, 40_000]],
      ["Workers", [105_000, 30_000]],
      ["Load Balancer", [15_000, 20_000]],
      ["Other services", [null, null]],
      ["Total", [190_000, 120_000]],
      ["Preparation (request → first container created)", [1_000, 1_000]],
      ["Ready (request → all ready by their health commands)", [190_000, 120_000]],
      ["Healthy (request → all healthy by Docker)", [195_000, 125_000]],
      ["Node addition (request → serving through the load balancer)", [null, 9_000]],
      ["Node removal (request → drained and gone)", [null, 2_000]],
    ]);
    expect(startup?.rows.find((r) => r.label === "Total")?.cells[1]?.changePct).toBeCloseTo(-36.842, 3);
    expect(formatChange(startup?.rows.find((r) => r.label === "Total")?.cells[1]?.changePct ?? null)).toBe(
      "−36.8 %",
    );
  });
  it("computes efficiency from measured use over allocation", () => {
    const cpuEfficiency = resources?.rows.find((r) => r.label.startsWith("CPU efficiency"));
    expect(cpuEfficiency?.cells.map((c) => c.value)).toEqual([0.25, 0.85]);
    expect(cpuEfficiency?.cells[1]?.changePct).toBeCloseTo(240, 6);
  });
  it("shows a latency test's p99, max, errors and per-node shares", () => {
    const tested = run(
      "latency",
      10_000,
      {},
      { latencyP99Ms: 12, latencyErrors: 0, nodeShares: "n1 42.9 % (42.9 %)" },
    );
    const latency = compareRuns([baseline, tested])[3];
    expect(latency?.rows.map((r) => [r.label, r.cells[1]?.value])).toEqual([
      ["p50", 3],
      ["p95", 9],
      ["p99 (latency test)", 12],
      ["max (latency test)", null],
      ["errors (latency test)", 0],
      ["Share served per node (weight share)", "n1 42.9 % (42.9 %)"],
    ]);
  });
  it("renders Markdown tables with units and changes", () => {
    const md = comparisonMarkdown({ tables: compareRuns([baseline, optimized]), headers: ["A", "B"] });
    expect(md).toContain("| Total | 190.0 s | 120.0 s (−36.8 %) |");
    expect(md).toContain("| p50 | 3.0 ms | 3.0 ms (±0.0 %) |");
    expect(md).toContain("| CPU efficiency (avg used ÷ allocated) | 25.0 % | 85.0 % (+240.0 %) |");
  });
});

describe("comparisonMarkdown with conditions", () => {
  it("marks the column of a run whose conditions differ and says which", () => {
    const a = run("cold", 30_000, {});
    const b = run(
      "warm",
      5_000,
      {},
      {
        differences: [{ key: "dataState", label: "data state", baseline: "cold", value: "warm" }],
      },
    );
    const markdown = comparisonMarkdown({
      tables: compareRuns([a, b]),
      headers: ["cold", "warm"],
      runs: [a, b],
    });
    expect(markdown).toContain("- † warm differs from the baseline in data state: warm (baseline: cold)");
    expect(markdown).toContain("| Startup time per phase | cold | warm † |");
  });
});

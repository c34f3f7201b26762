import { describe, expect, it } from "vitest";
import type { RunListRow } from "@/lib/db/runs";
import { runsFiltersOf, runsPageHref, runsRowOf } from "./runs-page-model";

const stored = (over: Partial<RunListRow> = {}): RunListRow => ({
  id: "r1",
  topology: "optimized",
  strategy: "dag",
  status: "torn_down",
  kind: "deploy",
  project: "ollamamax-optimized",
  startedAt: new Date("2026-12-07T10:20:30.456Z"),
  finishedAt: null,
  totalMs: 12_340,
  firstNodeReadyMs: 4_000,
  cpuAllocated: 4,
  memAllocatedBytes: null,
  cpuAvgCores: 1,
  memAvgBytes: null,
  latencyP50Ms: 12.345,
  regression: false,
  baselineMedianMs: null,
  batchId: null,
  fitCpuScale: null,
  fitMode: "clamp",
  dataState: "warm",
  preparationMs: null,
  readyMs: 10_000,
  dockerHealthyMs: null,
  environmentId: null,
  ...over,
});
const named = (id: string | null) => (id === null ? "local" : `env ${id}`);

describe("runsRowOf", () => {
  it("writes every cell as the table shows it", () => {
    const row = runsRowOf(stored(), named);
    expect(row).toMatchObject({
      href: "/runs/r1",
      comparable: true,
      startedUtc: "2026-12-07 10:20:30",
      environment: "local",
      result: "torn down",
      regressionTitle: null,
      fitData: "clamp · warm",
      cpuEfficiency: "25.0 %",
      latencyP50: "12.3 ms",
      preparation: "—",
    });
    expect(row.total).not.toBe("—");
  });

  it("says why a regression is one, leaves fit and data out of a teardown, and offers only deploys and latency tests to Compare", () => {
    const slow = runsRowOf(stored({ regression: true, baselineMedianMs: 10_000 }), named);
    expect(slow.regressionTitle).toMatch(
      /^slower than the median .* of the previous deploys under equal conditions by more than \d+ %$/,
    );
    const teardown = runsRowOf(stored({ kind: "teardown", environmentId: "e1", cpuAllocated: null }), named);
    expect(teardown).toMatchObject({
      fitData: "—",
      comparable: false,
      environment: "env e1",
      cpuEfficiency: "—",
    });
    expect(runsRowOf(stored({ kind: "latency" }), named).comparable).toBe(true);
    expect(runsRowOf(stored({ kind: "scale" }), named).comparable).toBe(false);
  });
});

describe("the filters and the pager's links", () => {
  it("takes an empty choice as no filter and keeps only the chosen ones in the links", () => {
    const filters = runsFiltersOf({ topology: "original", strategy: "", status: "failed", page: "3" });
    expect(filters).toEqual({
      topology: "original",
      strategy: undefined,
      status: "failed",
      environment: undefined,
    });
    expect(runsPageHref(filters, 2)).toBe("?topology=original&status=failed&page=2");
    expect(runsPageHref(runsFiltersOf({}), 1)).toBe("?page=1");
  });
});

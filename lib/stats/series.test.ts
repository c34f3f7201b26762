import { describe, expect, it } from "vitest";
import type { ContainerSample } from "@/lib/stats/sample";
import {
  appendBatch,
  capSeries,
  emptyHistory,
  historyFromBatches,
  totalsOf,
  type StatsBatch,
} from "./series";

const sample = (containerId: string, t: number, cpuPercent: number): ContainerSample => ({
  containerId,
  name: containerId,
  service: containerId,
  t,
  cpuPercent,
  memoryUsedBytes: 100,
  memoryLimitBytes: 1000,
  memoryPercent: 10,
  netRxBytes: 0,
  netTxBytes: 0,
  netRxRate: 5,
  netTxRate: 7,
  blockReadBytes: 0,
  blockWriteBytes: 0,
  pids: 1,
  source: "docker",
});
const batch = (t: number, samples: ContainerSample[]): StatsBatch => ({
  project: "p",
  t,
  samples,
  totals: totalsOf(samples),
  source: "docker",
  intervalMs: 1000,
});

describe("totalsOf", () => {
  it("sums CPU %, memory and rates over the containers", () => {
    expect(totalsOf([sample("a", 0, 50), sample("b", 0, 25.5)])).toEqual({
      containers: 2,
      cpuPercent: 75.5,
      memoryUsedBytes: 200,
      memoryLimitBytes: 2000,
      netRxRate: 10,
      netTxRate: 14,
    });
  });
});

describe("appendBatch / historyFromBatches", () => {
  const batches = [
    batch(1000, [sample("a", 990, 1)]),
    batch(2000, [sample("a", 1990, 2), sample("b", 1995, 9)]),
    batch(3000, [sample("b", 2995, 8)]),
  ];

  it("aligns containers on ticks with null where one did not report", () => {
    const history = batches.reduce((h, b) => appendBatch(h, b), emptyHistory("p"));
    expect(history.ticks).toEqual([1000, 2000, 3000]);
    expect(history.series.a!.cpuPercent).toEqual([1, 2, null]);
    expect(history.series.b!.cpuPercent).toEqual([null, 9, 8]);
    expect(history.latest.a!.t).toBe(1990);
    expect(history.totals.map((t) => t.cpuPercent)).toEqual([1, 11, 8]);
  });

  it("builds the same history in one pass as folding batch by batch", () => {
    const folded = batches.reduce((h, b) => appendBatch(h, b), emptyHistory("p"));
    expect(historyFromBatches("p", batches)).toEqual(folded);
  });

  it("keeps only the newest maxPoints ticks and forgets a container gone from the window", () => {
    const history = batches.reduce((h, b) => appendBatch(h, b, 1), emptyHistory("p"));
    expect(history.ticks).toEqual([3000]);
    expect(Object.keys(history.series)).toEqual(["b"]);
    expect(Object.keys(history.latest)).toEqual(["b"]);
    expect(historyFromBatches("p", batches, 1)).toEqual(history);
  });

  it("ignores a batch that is not newer than the last tick (replay after reconnect)", () => {
    const history = historyFromBatches("p", batches);
    expect(appendBatch(history, batch(2000, [sample("a", 1, 99)]))).toBe(history);
  });
});

describe("capSeries", () => {
  const points = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ t: i * 1000, cpu: i, mem: i % 2 ? null : 10 }));

  it("returns a series at or under the cap untouched", () => {
    const series = points(600);
    expect(capSeries(series)).toBe(series);
  });

  it("caps a long series at 600 points, newest 300 raw, older averaged into buckets", () => {
    const capped = capSeries(points(3600));
    expect(capped.length).toBeLessThanOrEqual(600);
    expect(capped.slice(-300)).toEqual(points(3600).slice(-300));
    // 3300 older points in buckets of 11: the first averages cpu 0..10 and ignores the null mems
    expect(capped[0]).toEqual({ t: 0, cpu: 5, mem: 10 });
    expect(capped.map((p) => p.t)).toEqual([...capped.map((p) => p.t)].sort((a, b) => a - b));
  });
});

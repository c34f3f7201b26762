import { describe, expect, it } from "vitest";
import type { ContainerSample } from "@/lib/stats/sample";
import { historyFromBatches, totalsOf, type StatsBatch } from "@/lib/stats/series";
import { containersOf, metricRows, networkRows } from "./chart-rows";
import { formatIo, formatMemory, memoryAxisUnit, rateAxisUnit, unitTicks } from "./format";
import { SOURCE_LABEL, statsSourceOf } from "./stats-source";

const sample = (containerId: string, service: string, t: number, cpuPercent: number): ContainerSample => ({
  containerId,
  name: `p-${service}-1`,
  service,
  t,
  cpuPercent,
  memoryUsedBytes: 100,
  memoryLimitBytes: 1000,
  memoryPercent: 10,
  netRxBytes: 0,
  netTxBytes: 0,
  netRxRate: 1000 * cpuPercent,
  netTxRate: 10,
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

describe("chart rows", () => {
  const history = historyFromBatches("p", [
    batch(1000, [sample("x", "worker", 990, 10), sample("y", "api", 995, 5)]),
    batch(2000, [sample("x", "worker", 1990, 20)]),
  ]);

  it("gives one row per tick with the total and each container, null where one did not report", () => {
    expect(metricRows(history, "cpuPercent")).toEqual([
      { t: 1000, total: 15, x: 10, y: 5 },
      { t: 2000, total: 20, x: 20, y: null },
    ]);
  });

  it("gives cluster or single-container network rates", () => {
    expect(networkRows(history, null)).toEqual([
      { t: 1000, rx: 15_000, tx: 20 },
      { t: 2000, rx: 20_000, tx: 10 },
    ]);
    expect(networkRows(history, "y")).toEqual([
      { t: 1000, rx: 5000, tx: 10 },
      { t: 2000, rx: null, tx: null },
    ]);
  });

  it("orders containers by service for a stable legend", () => {
    expect(containersOf(history).map((c) => c.service)).toEqual(["api", "worker"]);
  });

  it("never hands recharts more than 600 points per series", () => {
    const long = historyFromBatches(
      "p",
      Array.from({ length: 900 }, (_, i) => batch(i * 1000, [sample("x", "w", i * 1000, i)])),
      900,
    );
    expect(metricRows(long, "cpuPercent")).toHaveLength(600);
  });
});

describe("formats (as the docker CLI prints them)", () => {
  it("memory in binary units, I/O in decimal units", () => {
    expect(formatMemory(1_277_952)).toBe("1.22MiB");
    expect(formatMemory(64 * 2 ** 20)).toBe("64.0MiB");
    expect(formatIo(876)).toBe("876B");
    expect(formatIo(4_211_028)).toBe("4.21MB");
  });

  it("picks an axis unit from the largest value", () => {
    expect(memoryAxisUnit(3 * 2 ** 30)).toEqual({ unit: "GiB", divisor: 2 ** 30 });
    expect(rateAxisUnit(2500)).toEqual({ unit: "kB/s", divisor: 1000 });
    expect(rateAxisUnit(0)).toEqual({ unit: "B/s", divisor: 1 });
  });
});

describe("unitTicks", () => {
  it("steps by 1, 2 or 5 in the axis unit and covers the largest value", () => {
    expect(unitTicks(64 * 2 ** 20, 2 ** 20)).toEqual([0, 20, 40, 60, 80].map((v) => v * 2 ** 20));
    expect(unitTicks(2500, 1000)).toEqual([0, 1, 2, 3].map((v) => v * 1000));
    expect(unitTicks(0, 1)).toEqual([0]);
  });
});

describe("stats source label", () => {
  it("names the source of the newest samples: kernel, Docker, or both", () => {
    const kernel = (id: string, t: number) => ({ ...sample(id, id, t, 1), source: "kernel" as const });
    expect(statsSourceOf(historyFromBatches("p", []))).toBeNull();
    expect(statsSourceOf(historyFromBatches("p", [batch(1000, [kernel("x", 990), kernel("y", 990)])]))).toBe(
      "kernel",
    );
    const mixed = historyFromBatches("p", [batch(1000, [kernel("x", 990), sample("y", "api", 995, 5)])]);
    expect(SOURCE_LABEL[statsSourceOf(mixed)!]).toBe("source: kernel cgroups + Docker API");
    // a container that moved to the kernel reader (restarted) counts by its newest sample
    const moved = historyFromBatches("p", [
      batch(1000, [sample("x", "api", 995, 5)]),
      batch(2000, [kernel("x", 1990)]),
    ]);
    expect(statsSourceOf(moved)).toBe("kernel");
  });
});

describe("historyRows", () => {
  it("pivots the history's series into one row per bucket, a key per container, I/O as read + write", async () => {
    const { historyRows } = await import("./history-rows");
    const point = (t: number, cpuPercent: number, rate: number | null) => ({
      t,
      cpuPercent,
      cpuPercentMax: cpuPercent,
      memoryUsedBytes: 1,
      memoryLimitBytes: 2,
      netRxRate: rate,
      netTxRate: rate,
      blockReadRate: rate,
      blockWriteRate: 1,
    });
    const view = {
      environment: null,
      project: "p",
      fromMs: 0,
      toMs: 20,
      levelS: 10,
      bucketS: 10,
      markers: [],
      alerts: [],
      series: [
        { container: "a", service: "a", points: [point(0, 1, null), point(10, 2, 5)] },
        { container: "b", service: "b", points: [point(10, 3, 7)] },
      ],
    };
    expect(historyRows(view, "cpuPercent")).toEqual([
      { t: 0, a: 1 },
      { t: 10, a: 2, b: 3 },
    ]);
    expect(historyRows(view, "netRate")).toEqual([
      { t: 0, a: null },
      { t: 10, a: 10, b: 14 },
    ]);
    expect(historyRows(view, "blockRate")[1]).toEqual({ t: 10, a: 6, b: 8 });
  });
});

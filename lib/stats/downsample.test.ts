import { describe, expect, it } from "vitest";
import type { ContainerSample } from "./sample";
import { summarizeRun } from "./downsample";

const sample = (
  containerId: string,
  t: number,
  cpuPercent: number,
  memoryUsedBytes: number,
): ContainerSample => ({
  containerId,
  name: containerId,
  service: containerId,
  t,
  cpuPercent,
  memoryUsedBytes,
  memoryLimitBytes: 1000,
  memoryPercent: memoryUsedBytes / 10,
  netRxBytes: t,
  netTxBytes: 2 * t,
  netRxRate: 10,
  netTxRate: 20,
  blockReadBytes: 0,
  blockWriteBytes: t,
  pids: cpuPercent > 50 ? 3 : 1,
  source: "docker",
});

describe("summarizeRun", () => {
  it("reduces 1 s samples to 5 s buckets per container with average, peak and end counters", () => {
    const samples = [
      ...[0, 1, 2, 3, 4].map((s) => sample("a", 10_000 + s * 1000, 10 * s, 100 + s)),
      ...[5, 6].map((s) => sample("a", 10_000 + s * 1000, 80, 200)),
      sample("b", 12_000, 40, 50),
    ];
    const buckets = summarizeRun({ samples: samples.reverse() });
    expect(buckets.map((b) => [b.containerId, b.t, b.samples])).toEqual([
      ["a", 10_000, 5],
      ["a", 15_000, 2],
      ["b", 10_000, 1],
    ]);
    const first = buckets[0]!;
    expect(first.cpuPercentAvg).toBe(20); // (0 + 10 + 20 + 30 + 40) / 5
    expect(first.cpuPercentMax).toBe(40);
    expect(first.memoryUsedBytesAvg).toBe(102);
    expect(first.memoryUsedBytesMax).toBe(104);
    expect(first.netRxBytes).toBe(14_000); // the counter at the bucket's last sample
    expect(buckets[1]!.pidsMax).toBe(3);
  });

  it("honours another bucket size and returns nothing for no samples", () => {
    const samples = [0, 1, 2, 3].map((s) => sample("a", s * 1000, s, s));
    expect(summarizeRun({ samples, bucketMs: 2000 }).map((b) => b.cpuPercentAvg)).toEqual([0.5, 2.5]);
    expect(summarizeRun({ samples: [] })).toEqual([]);
  });
});

// The formulas against payloads recorded from a real engine; expected numbers worked out by hand
// from the JSON (see fixtures/docker/README.md), so a change of formula fails here.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  blockIoOf,
  cpuPercentOf,
  hasCpuBaseline,
  hasReading,
  memoryUsedOf,
  toSample,
  type DockerStatsPayload,
} from "./sample";

const fixture = (name: string): DockerStatsPayload =>
  JSON.parse(
    readFileSync(new URL(`./fixtures/docker/${name}.json`, import.meta.url), "utf8"),
  ) as DockerStatsPayload;
const ids = { containerId: "c1", name: "statsrec", service: "web" };

describe("CPU % (docker CLI formula)", () => {
  it("gives ~50 % for a busy loop capped at 0.5 CPU (cgroup v1, recorded)", () => {
    // (8282381515 − 7782517788) / (19755940000000 − 19753920000000) × 2 CPUs × 100
    expect(cpuPercentOf(fixture("v1-cpu-burn-a"))).toBeCloseTo(49.491458, 5);
    expect(cpuPercentOf(fixture("v1-cpu-burn-b"))).toBeCloseTo(51.077886, 5);
  });

  it("uses online_cpus, else the length of percpu_usage", () => {
    const payload = fixture("v1-cpu-burn-a");
    delete payload.cpu_stats!.online_cpus;
    expect(cpuPercentOf(payload)).toBeCloseTo(49.491458, 5); // percpu_usage has 2 entries
  });

  it("counts CPUs on cgroup v2, which has no percpu_usage", () => {
    // (151.2e9 − 150e9) / (4820e9 − 4816e9) × 4 × 100 = 120 %: more than one core busy
    expect(cpuPercentOf(fixture("v2-documented"))).toBeCloseTo(120, 10);
  });

  it("on the first line of a stream (empty precpu_stats) gives the CLI's since-start figure, flagged", () => {
    // 150987240 / 19775020000000 × 2 × 100: what `docker stats` prints first; the hub skips it
    expect(cpuPercentOf(fixture("v1-stream-first"))).toBeCloseTo(0.001527, 6);
    expect(hasCpuBaseline(fixture("v1-stream-first"))).toBe(false);
    expect(hasCpuBaseline(fixture("v1-cpu-burn-a"))).toBe(true);
  });
});

describe("memory used (usage − inactive file)", () => {
  it("subtracts total_inactive_file on cgroup v1", () => {
    // 21516288 − 20238336: the 20 MiB dd wrote sits in the page cache and is not counted
    expect(memoryUsedOf(fixture("v1-cpu-burn-a"))).toBe(1_277_952);
  });

  it("subtracts inactive_file on cgroup v2", () => {
    expect(memoryUsedOf(fixture("v2-documented"))).toBe(536_870_912 - 134_217_728);
  });

  it("keeps the usage when the cache figure is not smaller than it", () => {
    const payload = fixture("v1-cpu-burn-a");
    payload.memory_stats!.stats!.total_inactive_file = 30_000_000;
    delete payload.memory_stats!.stats!.inactive_file;
    expect(memoryUsedOf(payload)).toBe(21_516_288);
  });
});

describe("toSample", () => {
  it("computes memory %, PIDs and the limit from one payload", () => {
    const sample = toSample({ payload: fixture("v1-cpu-burn-a"), ...ids });
    expect(sample.t).toBe(Date.parse("2026-11-27T00:19:39.133Z"));
    expect(sample.memoryLimitBytes).toBe(64 * 2 ** 20);
    expect(sample.memoryPercent).toBe(1.904296875); // 1277952 / 67108864 × 100, exact in binary
    expect(sample.pids).toBe(1);
    expect(sample.netRxRate).toBe(0); // no previous sample yet
  });

  it("derives network rates per second from the previous sample's counters and read times", () => {
    const first = toSample({ payload: fixture("v1-net-a"), ...ids });
    const second = toSample({ payload: fixture("v1-net-b"), previous: first, ...ids });
    expect(second.netRxBytes).toBe(13_954);
    expect(second.netTxBytes).toBe(4_211_028);
    // (13954 − 9375) B over 47.807 − 45.738 = 2.069 s; the ns of `read` are cut to ms by Date.parse
    expect(second.netRxRate).toBeCloseTo(4579 / 2.069, 6);
    expect(second.netTxRate).toBeCloseTo(1_578_821 / 2.069, 4);
  });

  it("sums every interface and reads lower-case block I/O ops (cgroup v2)", () => {
    const sample = toSample({ payload: fixture("v2-documented"), ...ids });
    expect(sample.netRxBytes).toBe(10_485_760 + 1_048_576);
    expect(sample.netTxBytes).toBe(2_097_152 + 524_288);
    expect(sample.blockReadBytes).toBe(7_340_032 + 4096);
    expect(sample.blockWriteBytes).toBe(1_048_576);
    expect(sample.memoryPercent).toBe(18.75);
    expect(sample.pids).toBe(12);
  });

  it("reads capitalised v1 block I/O ops and gives a rate of 0 when a counter went back", () => {
    const payload = fixture("v1-net-b");
    payload.blkio_stats = {
      io_service_bytes_recursive: [
        { op: "Read", value: 10 },
        { op: "Write", value: 20 },
        { op: "Total", value: 30 },
      ],
    };
    expect(blockIoOf(payload)).toEqual({ read: 10, write: 20 });
    const later = toSample({ payload: fixture("v1-net-a"), ...ids });
    const restarted = toSample({
      payload: fixture("v1-net-b"),
      previous: { ...later, t: later.t - 5000, netRxBytes: 1e9 },
      ...ids,
    });
    expect(restarted.netRxRate).toBe(0);
  });

  it("recognises the empty reading of a stopped container", () => {
    expect(hasReading(fixture("v1-net-a"))).toBe(true);
    expect(hasReading({ read: "0001-01-01T00:00:00Z" })).toBe(false);
  });
});

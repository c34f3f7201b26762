// CPU throttling from cpu.stat of both cgroup layouts (fixture trees): v2 counts in µs, v1's cpu
// controller in ns; a container whose cgroup is not its own reads as null, never as zero.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseCpuThrottling } from "./cgroup-parse";
import { readCgroupThrottling } from "./cpu-throttling";
import type { KernelHost } from "./kernel-host";

const ID1 = "aaaa1111bbbb2222cccc3333dddd4444eeee5555ffff6666aaaa7777bbbb8888";
const ID2 = "1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdef";
let dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});
const copyOf = (layout: "v1" | "v2"): string => {
  const dir = mkdtempSync(join(tmpdir(), `throttling-${layout}-`));
  cpSync(new URL(`./fixtures/${layout}`, import.meta.url), dir, { recursive: true });
  dirs.push(dir);
  return dir;
};

describe("parseCpuThrottling", () => {
  it("v2: throttled_usec in ms", () => {
    expect(
      parseCpuThrottling("usage_usec 5\nnr_periods 10\nnr_throttled 2\nthrottled_usec 1500\n", 2),
    ).toEqual({
      periods: 10,
      throttledPeriods: 2,
      throttledMs: 1.5,
    });
  });
  it("v1: throttled_time (ns) in ms", () => {
    expect(parseCpuThrottling("nr_periods 4\nnr_throttled 3\nthrottled_time 2000000\n", 1)).toEqual({
      periods: 4,
      throttledPeriods: 3,
      throttledMs: 2,
    });
  });
  it("a file without the counters is not a reading", () => {
    expect(parseCpuThrottling("usage_usec 5\n", 2)).toBeNull();
    expect(parseCpuThrottling("nr_periods 4\nnr_throttled 3\nthrottled_usec 9\n", 1)).toBeNull();
  });
});

describe("readCgroupThrottling (fixtures)", () => {
  it("v1: the cpu controller's cpu.stat of the container's own cgroup", () => {
    const root = copyOf("v1");
    const mount = (controller: string) => ({ mountPoint: `${root}/cgroup/${controller}`, root: "/" });
    const host: KernelHost = {
      cgroupVersion: 1,
      mounts: { v1: { cpu: mount("cpu"), cpuacct: mount("cpuacct"), memory: mount("memory") }, v2: null },
      onlineCpus: 2,
      machineMemoryBytes: 1,
      procRoot: `${root}/proc`,
    };
    expect(readCgroupThrottling(host, { containerId: ID1, pid: 4242 })).toEqual({
      periods: 420,
      throttledPeriods: 260,
      throttledMs: 2604,
    });
    expect(readCgroupThrottling(host, { containerId: "f".repeat(64), pid: 4242 })).toBeNull();
  });
  it("v2: the unified cgroup's cpu.stat", () => {
    const root = copyOf("v2");
    const host: KernelHost = {
      cgroupVersion: 2,
      mounts: { v1: {}, v2: { mountPoint: `${root}/cgroup`, root: "/" } },
      onlineCpus: 2,
      machineMemoryBytes: 1,
      procRoot: `${root}/proc`,
    };
    expect(readCgroupThrottling(host, { containerId: ID2, pid: 4343 })).toEqual({
      periods: 10,
      throttledPeriods: 2,
      throttledMs: 1,
    });
  });
});

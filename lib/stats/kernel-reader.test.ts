// The kernel reader over fixture trees of both cgroup layouts (copied to a temporary directory so a
// test can move the counters on): the container is found from its init process, and its figures
// are the docker CLI's.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createKernelReader } from "./kernel-reader";
import { resolveContainerCgroup, type KernelHost } from "./kernel-host";

const ID1 = "aaaa1111bbbb2222cccc3333dddd4444eeee5555ffff6666aaaa7777bbbb8888";
const ID2 = "1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdef";
const MEM_TOTAL = 24_684_092 * 1024;
let dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

const copyOf = (layout: "v1" | "v2"): string => {
  const dir = mkdtempSync(join(tmpdir(), `kernel-reader-${layout}-`));
  cpSync(new URL(`./fixtures/${layout}`, import.meta.url), dir, { recursive: true });
  dirs.push(dir);
  return dir;
};

const v1Host = (root: string): KernelHost => {
  const mount = (controller: string) => ({ mountPoint: `${root}/cgroup/${controller}`, root: "/" });
  return {
    cgroupVersion: 1,
    mounts: {
      v1: { cpuacct: mount("cpuacct"), memory: mount("memory"), pids: mount("pids"), blkio: mount("blkio") },
      v2: null,
    },
    onlineCpus: 2,
    machineMemoryBytes: MEM_TOTAL,
    procRoot: `${root}/proc`,
  };
};
const v2Host = (root: string): KernelHost => ({
  cgroupVersion: 2,
  mounts: { v1: {}, v2: { mountPoint: `${root}/cgroup`, root: "/" } },
  onlineCpus: 2,
  machineMemoryBytes: MEM_TOTAL,
  procRoot: `${root}/proc`,
});
const container = (containerId: string, pid: number) => ({ containerId, pid, name: "c-1", service: "c" });

// 0.5 s of the container's CPU while the host counted 200 ticks (2 s over 2 CPUs): 50 % of one core.
const advanceCpu = (root: string, file: string, value: string) => {
  writeFileSync(file, value);
  writeFileSync(`${root}/proc/stat`, "cpu  13105 20 9345 46785 521 5 212 19 0 0\n");
};

describe("kernel reader (fixtures)", () => {
  it("cgroup v1: usage − total_inactive_file, the machine's memory as the limit, CPU % as docker stats", () => {
    const root = copyOf("v1");
    const reader = createKernelReader(v1Host(root));
    expect(reader.add(container(ID1, 4242))).toBe(true);
    advanceCpu(root, `${root}/cgroup/cpuacct/docker/${ID1}/cpuacct.usage`, `${18_285_916_000 + 5e8}\n`);
    const { samples, gone } = reader.read([ID1]);
    expect(gone).toEqual([]);
    expect(samples).toHaveLength(1);
    expect(samples[0]).toMatchObject({
      containerId: ID1,
      source: "kernel",
      memoryUsedBytes: 104_857_600 - 16_777_216,
      memoryLimitBytes: MEM_TOTAL,
      pids: 7,
      blockReadBytes: 5096,
      blockWriteBytes: 8192,
      netRxBytes: 124_456,
      netTxBytes: 65_932,
    });
    expect(samples[0]!.cpuPercent).toBeCloseTo(50, 6);
  });

  it("cgroup v2: usage − inactive_file, memory.max as the limit, cpu.stat usage_usec, io.stat", () => {
    const root = copyOf("v2");
    const reader = createKernelReader(v2Host(root));
    expect(reader.add(container(ID2, 4343))).toBe(true);
    const scope = `${root}/cgroup/system.slice/docker-${ID2}.scope`;
    advanceCpu(root, `${scope}/cpu.stat`, "usage_usec 3000000\nuser_usec 2400000\n");
    const [sample] = reader.read([ID2]).samples;
    expect(sample).toMatchObject({
      memoryUsedBytes: 52_428_800 - 8_388_608,
      memoryLimitBytes: 268_435_456,
      memoryPercent: ((52_428_800 - 8_388_608) / 268_435_456) * 100,
      pids: 3,
      blockReadBytes: 4196,
      blockWriteBytes: 8192,
    });
    expect(sample!.cpuPercent).toBeCloseTo(50, 6);
  });

  it("drops a container whose cgroup disappeared (it stopped) and says so", () => {
    const root = copyOf("v2");
    const reader = createKernelReader(v2Host(root));
    reader.add(container(ID2, 4343));
    rmSync(`${root}/cgroup/system.slice/docker-${ID2}.scope`, { recursive: true });
    expect(reader.read([ID2])).toEqual({ samples: [], gone: [ID2] });
    expect(reader.has(ID2)).toBe(false);
  });

  it("drops a container whose init process exited (a restart gives it a new PID to resolve)", () => {
    const root = copyOf("v1");
    const reader = createKernelReader(v1Host(root));
    reader.add(container(ID1, 4242));
    rmSync(`${root}/proc/4242`, { recursive: true });
    expect(reader.read([ID1])).toEqual({ samples: [], gone: [ID1] });
  });

  it("refuses a PID whose cgroup is not the container's (a reused PID) or that is not visible", () => {
    const root = copyOf("v1");
    const host = v1Host(root);
    expect(resolveContainerCgroup(host, { containerId: "f".repeat(64), pid: 4242 })).toBeNull();
    expect(resolveContainerCgroup(host, { containerId: ID1, pid: 999_999 })).toBeNull();
    expect(resolveContainerCgroup(host, { containerId: ID1, pid: 4242 })).toMatchObject({
      version: 1,
      cpuacct: `${root}/cgroup/cpuacct/docker/${ID1}`,
    });
    expect(createKernelReader(host).add(container(ID1, 0))).toBe(false);
  });
});

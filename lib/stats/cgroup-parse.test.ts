import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  cgroupDirectory,
  containerInterfaces,
  countCpuList,
  parseBlkioV1,
  parseCgroupMounts,
  parseCounter,
  parseIoStatV2,
  parseKeyValues,
  parseMemTotalBytes,
  parseNetDev,
  parseProcCgroup,
  parseSystemCpuNs,
} from "./cgroup-parse";

const fixture = (path: string) => readFileSync(new URL(`./fixtures/${path}`, import.meta.url), "utf8");
const ID1 = "aaaa1111bbbb2222cccc3333dddd4444eeee5555ffff6666aaaa7777bbbb8888";

describe("cgroup and /proc parsers", () => {
  it("sums the 7 CPU fields dockerd counts (not steal or guest) into ns", () => {
    // 13005 + 20 + 9245 + 46785 + 521 + 5 + 212 ticks at 100 per second
    expect(parseSystemCpuNs(fixture("v1/proc/stat"))).toBe(69_793 * 1e7);
    expect(() => parseSystemCpuNs("intr 1 2 3\n")).toThrow(/cpu line/);
  });

  it("reads /proc/net/dev per interface and leaves the loopback out, as Docker does", () => {
    const all = parseNetDev(fixture("v1/proc/4242/net/dev"));
    expect(all.lo).toEqual({ rx: 5000, tx: 5000 });
    expect(containerInterfaces(all)).toEqual({
      eth0: { rx: 123456, tx: 65432 },
      eth1: { rx: 1000, tx: 500 },
    });
    expect(parseNetDev("garbage\n  eth0: 1 2 3\n")).toEqual({}); // too few columns
  });

  it("parses v1 memory.stat and the blkio recursive bytes (Read/Write only, not Total)", () => {
    const stats = parseKeyValues(fixture(`v1/cgroup/memory/docker/${ID1}/memory.stat`));
    expect(stats.total_inactive_file).toBe(16_777_216);
    expect(stats.hierarchical_memory_limit).toBe(9223372036854771712);
    expect(
      parseBlkioV1(fixture(`v1/cgroup/blkio/docker/${ID1}/blkio.throttle.io_service_bytes_recursive`)),
    ).toEqual({ read: 5096, write: 8192 });
  });

  it("parses v2 io.stat over every device and cpu.stat's usage", () => {
    expect(parseIoStatV2("8:0 rbytes=4096 wbytes=8192 rios=1 wios=2\n259:0 rbytes=100 wbytes=0\n")).toEqual({
      read: 4196,
      write: 8192,
    });
    expect(parseKeyValues("usage_usec 2500000\nuser_usec 2000000\n").usage_usec).toBe(2_500_000);
  });

  it("reads single counters, `max` as no limit, and refuses junk", () => {
    expect(parseCounter("1234\n")).toBe(1234);
    expect(parseCounter("max\n")).toBe(Number.POSITIVE_INFINITY);
    expect(() => parseCounter("")).toThrow(/not a counter/);
    expect(() => parseCounter("12abc")).toThrow(/not a counter/);
  });

  it("maps /proc/<pid>/cgroup lines to controllers, co-mounted ones included", () => {
    const cgroups = parseProcCgroup(fixture("v1/proc/4242/cgroup"));
    expect(cgroups.v1.cpu).toBe(`/docker/${ID1}`);
    expect(cgroups.v1.cpuacct).toBe(`/docker/${ID1}`);
    expect(cgroups.v1["name=systemd"]).toBe(`/docker/${ID1}`);
    expect(cgroups.v2).toBe(`/docker/${ID1}`);
    expect(parseProcCgroup("0::/system.slice/docker-x.scope\n")).toEqual({
      v1: {},
      v2: "/system.slice/docker-x.scope",
    });
  });

  it("finds v1 controllers (co-mounted cpu,cpuacct) and the hybrid layout's unified mount", () => {
    const v1 = parseCgroupMounts(fixture("v1/mountinfo"));
    expect(v1.v1.cpuacct).toEqual({ mountPoint: "/sys/fs/cgroup/cpu,cpuacct", root: "/" });
    expect(v1.v1.memory?.mountPoint).toBe("/sys/fs/cgroup/memory");
    expect(v1.v2?.mountPoint).toBe("/sys/fs/cgroup/unified");
    const v2 = parseCgroupMounts(fixture("v2/mountinfo"));
    expect(v2).toEqual({ v1: {}, v2: { mountPoint: "/sys/fs/cgroup", root: "/" } });
  });

  it("places a cgroup path under its mount, and refuses a path outside a namespaced mount's root", () => {
    expect(cgroupDirectory({ mountPoint: "/sys/fs/cgroup/memory", root: "/" }, "/docker/abc")).toBe(
      "/sys/fs/cgroup/memory/docker/abc",
    );
    const namespaced = { mountPoint: "/sys/fs/cgroup", root: "/docker/abc" };
    expect(cgroupDirectory(namespaced, "/docker/abc/sub")).toBe("/sys/fs/cgroup/sub");
    expect(cgroupDirectory(namespaced, "/docker/other")).toBeNull();
    expect(cgroupDirectory(null, "/docker/abc")).toBeNull();
  });

  it("counts online CPUs and reads MemTotal", () => {
    expect(countCpuList("0-3,6\n")).toBe(5);
    expect(countCpuList("0\n")).toBe(1);
    expect(parseMemTotalBytes(fixture("v1/proc/meminfo"))).toBe(24_684_092 * 1024);
  });
});

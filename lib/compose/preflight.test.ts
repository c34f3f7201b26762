import { describe, expect, it } from "vitest";
import { cidrsOverlap, fitToHost, loadTopology, preflight } from "./index";
import type { HostFacts, Topology } from "./index";
import { allocationOf } from "./allocation";
import { SHIPPED, TEST_SECRETS } from "./test-support";

const GIB = 1024 ** 3;
const optimized = async (): Promise<Topology> => {
  const result = await loadTopology({ file: SHIPPED.optimized, env: TEST_SECRETS });
  if (!result.ok) throw new Error("load failed");
  return result.topology;
};
const bigHost: HostFacts = {
  cpus: 16,
  memoryBytes: 64 * GIB,
  usedPorts: [],
  networks: [{ name: "bridge", subnets: ["172.17.0.0/16"] }],
};

describe("cidrsOverlap", async () => {
  it.each([
    ["172.20.0.0/16", "172.20.5.0/24", true],
    ["172.21.0.0/24", "172.21.0.128/25", true],
    ["172.21.0.0/24", "172.22.0.0/24", false],
    ["10.0.0.0/8", "10.255.255.255/32", true],
    ["172.16.0.0/12", "172.20.0.0/16", true],
    ["192.168.1.0/24", "192.168.2.0/24", false],
    ["fd00::/64", "fd00::1/128", true],
    ["fd00::/64", "fd01::/64", false],
    ["172.20.0.0/16", "fd00::/8", false],
    // IPv4-mapped IPv6 (how some engines report a dual-stack subnet) is the IPv4 block it maps.
    ["::ffff:172.20.0.0/112", "172.20.5.0/24", true],
    ["::ffff:172.20.0.0/112", "172.21.0.0/24", false],
    ["172.20.0.1", "::ffff:172.20.0.1", true],
    ["not-a-subnet", "172.20.0.0/16", false],
  ])("%s vs %s → %s", (a, b, expected) => expect(cidrsOverlap({ a, b })).toBe(expected));
});

describe("preflight", async () => {
  it("passes on a host that is large and free", async () => {
    expect(preflight({ topology: await optimized(), host: bigHost })).toEqual({
      ok: true,
      errors: [],
      warnings: [],
    });
  });

  it("refuses a limit above the host's cores or RAM, per service with a fix; a larger sum only warns (overcommit)", async () => {
    const result = preflight({
      topology: await optimized(),
      host: { ...bigHost, cpus: 2, memoryBytes: 4 * GIB },
    });
    const codes = result.errors.map((error) => `${error.code}:${error.service ?? ""}`);
    expect(codes).toEqual([
      "cpu_limit:ollama-node-1",
      "memory_limit:ollama-node-1",
      "cpu_limit:ollama-node-2",
      "memory_limit:ollama-node-2",
      "cpu_limit:ollama-node-3",
      "memory_limit:ollama-node-3",
    ]);
    expect(result.warnings.map((w) => w.code)).toEqual(["cpu_total", "memory_total"]);
    expect(result.errors[0]?.message).toBe("ollama-node-1 is limited to 3 CPUs but the host has 2");
    expect(result.warnings[1]?.message).toBe(
      "memory limits add up to 22.75 GiB but the host has 4 GiB (overcommit)",
    );
    expect(result.errors.every((error) => error.fix.length > 0)).toBe(true);
    expect(result.ok).toBe(false);
  });

  it("flags published ports in use; 0.0.0.0 conflicts with any address, other addresses do not", async () => {
    const used = [
      { hostIp: "0.0.0.0", port: 5432, protocol: "tcp" },
      { hostIp: "127.0.0.1", port: 6379, protocol: "tcp" },
      { hostIp: "192.168.1.10", port: 80, protocol: "tcp" },
      { hostIp: "127.0.0.1", port: 3000, protocol: "udp" },
    ];
    const result = preflight({ topology: await optimized(), host: { ...bigHost, usedPorts: used } });
    expect(result.errors.map((error) => [error.code, error.service])).toEqual([
      ["port_in_use", "postgres"],
      ["port_in_use", "redis"],
    ]);
    expect(result.errors[0]?.fix).toContain("port 5432");
  });

  it("flags subnets overlapping existing networks, but only warns for this project's own networks", async () => {
    const networks = [
      { name: "other_net", subnets: ["172.21.0.0/16"] },
      { name: "optimized_infra-net", subnets: ["172.22.0.0/24"] },
    ];
    const result = preflight({ topology: await optimized(), host: { ...bigHost, networks } });
    expect(result.errors.map((error) => [error.code, error.network])).toEqual([
      ["subnet_overlap", "training-net"],
    ]);
    expect(result.errors[0]?.message).toBe(
      "subnet 172.21.0.0/24 of training-net overlaps Docker network other_net (172.21.0.0/16)",
    );
    expect(result.warnings.map((warning) => [warning.code, warning.network])).toEqual([
      ["network_exists", "infra-net"],
    ]);
  });

  it("the original (172.20.0.0/16) collides with a network the optimized one does not", async () => {
    const original = await loadTopology({ file: SHIPPED.original, env: TEST_SECRETS });
    if (!original.ok) throw new Error("load failed");
    const host = { ...bigHost, networks: [{ name: "x", subnets: ["172.20.128.0/20"] }] };
    expect(preflight({ topology: original.topology, host }).errors.map((error) => error.code)).toEqual([
      "subnet_overlap",
    ]);
    expect(preflight({ topology: await optimized(), host }).errors).toEqual([]);
  });
});

describe("fitToHost", async () => {
  it("leaves a topology that fits unchanged", async () => {
    const topology = await optimized();
    const fitted = fitToHost({ topology, host: bigHost });
    expect(fitted).toEqual({ topology, scale: { cpu: 1, memory: 1 }, changed: false });
  });

  it("scales limits and reservations proportionally into 90 % of a small host, then passes preflight", async () => {
    const host = { ...bigHost, cpus: 4, memoryBytes: 8 * GIB };
    const fitted = fitToHost({ topology: await optimized(), host });
    expect(fitted.changed).toBe(true);
    expect(fitted.scale.cpu).toBeCloseTo(3.6 / 11.5, 10);
    expect(fitted.scale.memory).toBeCloseTo((8 * 0.9) / 22.75, 10);
    const total = allocationOf({ services: fitted.topology.services });
    expect(total.cpusLimit).toBeLessThanOrEqual(3.6);
    expect(total.cpusLimit).toBeGreaterThan(3.55);
    expect(total.memoryLimitBytes).toBeLessThanOrEqual(8 * 0.9 * GIB);
    const leader = fitted.topology.services.find((service) => service.name === "ollama-node-1");
    expect(leader?.resources.cpusLimit).toBe(0.939);
    expect(leader?.resources.cpusReservation).toBe(0.626);
    expect(preflight({ topology: fitted.topology, host }).ok).toBe(true);
    // The input is not mutated: the run records both.
    expect(
      (await optimized()).services.find((service) => service.name === "ollama-node-1")?.resources.cpusLimit,
    ).toBe(3);
  });

  it("honours a custom headroom and scales only what is over budget", async () => {
    const fitted = fitToHost({
      topology: await optimized(),
      host: { cpus: 32, memoryBytes: 16 * GIB },
      headroom: 0.5,
    });
    expect(fitted.scale.cpu).toBe(1);
    expect(fitted.scale.memory).toBeCloseTo(8 / 22.75, 10);
    expect(allocationOf({ services: fitted.topology.services }).cpusLimit).toBe(11.5);
  });
});

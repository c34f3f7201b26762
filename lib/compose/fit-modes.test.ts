import { describe, expect, it } from "vitest";
import { fitTopology } from "./fit-modes";
import { loadTopology, preflight } from "./index";
import type { HostFacts, Topology } from "./index";
import { SHIPPED, TEST_SECRETS } from "./test-support";

const GIB = 1024 ** 3;
const optimized = async (): Promise<Topology> => {
  const result = await loadTopology({ file: SHIPPED.optimized, env: TEST_SECRETS });
  if (!result.ok) throw new Error("load failed");
  return result.topology;
};
const twoCpuHost: HostFacts = { cpus: 2, memoryBytes: 8 * GIB, usedPorts: [], networks: [] };
const limitsOf = (topology: Topology) =>
  Object.fromEntries(topology.services.map((s) => [s.name, s.resources]));

describe("fit mode clamp", async () => {
  it("lowers only the limits above the host and keeps every other limit as written", async () => {
    const written = await optimized();
    const fitted = fitTopology({ topology: written, host: twoCpuHost, mode: "clamp" });
    const before = limitsOf(written);
    for (const service of fitted.topology.services) {
      const was = before[service.name]?.cpusLimit ?? null;
      const now = service.resources.cpusLimit;
      if (was === null) expect(now).toBeNull();
      else expect(now).toBe(Math.min(was, 2));
    }
    expect(before.postgres?.cpusLimit).toBeLessThan(2);
    expect(limitsOf(fitted.topology).postgres?.cpusLimit).toBe(before.postgres?.cpusLimit);
    expect(limitsOf(fitted.topology)["ollama-node-1"]?.cpusLimit).toBe(2);
    expect(limitsOf(fitted.topology)["ollama-node-1"]?.memoryLimitBytes).toBe(6 * GIB);
    expect(preflight({ topology: fitted.topology, host: twoCpuHost }).ok).toBe(true);
  });

  it("names what the limits were fitted to in each reason (a Swarm fits to its smallest node)", async () => {
    const fitted = fitTopology({
      topology: await optimized(),
      host: twoCpuHost,
      mode: "clamp",
      hostName: "the smallest Swarm node",
    });
    const reasons = fitted.changes.map((c) => c.why);
    expect(reasons).toContain(
      "above the smallest Swarm node's 2 CPUs: Docker refuses a limit larger than the host",
    );
    expect(reasons.some((why) => why.includes("the host's"))).toBe(false);
  });

  it("lists each change with what was written, what is applied and why", async () => {
    const fitted = fitTopology({ topology: await optimized(), host: twoCpuHost, mode: "clamp" });
    const leaderCpu = fitted.changes.find((c) => c.service === "ollama-node-1" && c.field === "cpusLimit");
    expect(leaderCpu).toEqual({
      service: "ollama-node-1",
      field: "cpusLimit",
      written: 3,
      applied: 2,
      why: "above the host's 2 CPUs: Docker refuses a limit larger than the host",
    });
    // Every change is a real change and names its service.
    for (const change of fitted.changes) expect(change.applied).not.toBe(change.written);
    expect(fitted.changes.some((c) => c.service === "postgres")).toBe(false);
    expect(fitted.scale).toBeNull();
  });

  it("scales reservations down so their sum fits the host", async () => {
    const fitted = fitTopology({ topology: await optimized(), host: twoCpuHost, mode: "clamp" });
    const reserved = fitted.topology.services.reduce((sum, s) => sum + (s.resources.cpusReservation ?? 0), 0);
    expect(reserved).toBeLessThanOrEqual(2);
    expect(fitted.changes.some((c) => c.field === "cpusReservation" && c.why.includes("add up"))).toBe(true);
  });

  it("changes nothing on a host large enough", async () => {
    const topology = await optimized();
    const fitted = fitTopology({ topology, host: { cpus: 64, memoryBytes: 256 * GIB }, mode: "clamp" });
    expect(fitted.changes).toEqual([]);
    expect(fitted.topology.services.map((s) => s.resources)).toEqual(
      topology.services.map((s) => s.resources),
    );
  });
});

describe("fit mode proportional", async () => {
  it("scales every limit by one factor (postgres too) and lists the changes", async () => {
    const fitted = fitTopology({ topology: await optimized(), host: twoCpuHost, mode: "proportional" });
    expect(fitted.scale?.cpu).toBeCloseTo(1.8 / 11.5, 10);
    const postgres = fitted.changes.find((c) => c.service === "postgres" && c.field === "cpusLimit");
    expect(postgres?.applied).toBeLessThan(postgres?.written ?? 0);
    expect(postgres?.why).toContain("×0.157");
  });
});

describe("fit mode none", async () => {
  it("deploys as written, with no changes (preflight then refuses the limits above the host)", async () => {
    const topology = await optimized();
    const fitted = fitTopology({ topology, host: twoCpuHost, mode: "none" });
    expect(fitted.topology).toBe(topology);
    expect(fitted.changes).toEqual([]);
    expect(preflight({ topology: fitted.topology, host: twoCpuHost }).errors[0]?.code).toBe("cpu_limit");
  });
});

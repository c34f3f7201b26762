import { describe, expect, it } from "vitest";
import { loadTopology } from "@/lib/compose";
import type { Topology } from "@/lib/compose/types";
import { SHIPPED, TEST_SECRETS } from "@/lib/compose/test-support";
import { containerSpec } from "@/lib/docker/container-spec";
import { fixtureService, fixtureTopology } from "@/test/fixtures/fixture-topology";
import { workerClone } from "./worker-clone";

const load = async (file: string): Promise<Topology> => {
  const result = await loadTopology({ file, env: TEST_SECRETS });
  if (!result.ok) throw new Error(result.errors.map((error) => error.message).join("\n"));
  return result.topology;
};

describe("workerClone", async () => {
  const optimized = await load(SHIPPED.optimized);
  const existing = optimized.services.map((s) => s.name);

  it("copies the last worker of the optimized topology as ollama-node-4 with its own identity", async () => {
    const { service, volumes, template, notes } = workerClone({ topology: optimized, existing });
    const source = optimized.services.find((s) => s.name === "ollama-node-3");
    expect(template).toBe("ollama-node-3");
    expect(service.name).toBe("ollama-node-4");
    expect(service.containerName).toBe("ollama-node-4-optimized");
    expect(service.environment.NODE_ID).toBe("ollama-node-4");
    expect(service.environment.NODE_ROLE).toBe("worker");
    expect(service.environment.BOOTSTRAP_NODE).toBe("ollama-node-1:4001");
    expect(service.ports).toEqual([]);
    expect(notes.join()).toMatch(/publishes no host ports .*8084/);
    // Same networks (dual-homed), same limits, health check and dependencies as the worker it copies.
    expect(service.networks.map((n) => n.name)).toEqual(source?.networks.map((n) => n.name));
    expect(service.networks.every((n) => n.aliases.includes("ollama-node-4") && n.ipv4Address === null)).toBe(
      true,
    );
    expect(service.resources).toEqual(source?.resources);
    expect(service.healthcheck).toEqual(source?.healthcheck);
    expect(service.dependsOn).toEqual(source?.dependsOn);
    // Its own data volume, never the template's.
    expect(service.volumes).toEqual([
      { type: "volume", source: "node-4-data", target: "/app/data", readOnly: false },
    ]);
    expect(volumes).toEqual([
      { name: "node-4-data", dockerName: "optimized_node-4-data", driver: "local", external: false },
    ]);
    const spec = containerSpec({ service, topology: { ...optimized, volumes }, runId: "r" });
    expect(spec.create.HostConfig?.Binds).toEqual(["optimized_node-4-data:/app/data"]);
    expect(spec.create.HostConfig?.PortBindings).toEqual({});
  });

  it("numbers after nodes added earlier", async () => {
    const { service } = workerClone({
      topology: optimized,
      existing: [...existing, "ollama-node-4", "ollama-node-7"],
    });
    expect(service.name).toBe("ollama-node-8");
    expect(service.environment.NODE_ID).toBe("ollama-node-8");
  });

  it("copies the original's last worker too (no x-phase there: NODE_ROLE=worker tells)", async () => {
    const original = await load(SHIPPED.original);
    const { service, template } = workerClone({ topology: original, existing: [] });
    expect(template).toBe("ollama-node-3");
    expect(service.name).toBe("ollama-node-4");
    expect(service.networks.map((n) => n.name)).toEqual(["ollama-net"]);
  });

  it("a shared volume stays shared; a container name without the service name falls back to Compose's", async () => {
    const worker = fixtureService({
      name: "node-1",
      phase: "Workers",
      containerName: "the-worker",
      volumes: [{ type: "volume", source: "models", target: "/models", readOnly: true }],
    });
    const reader = fixtureService({
      name: "reader",
      volumes: [{ type: "volume", source: "models", target: "/m", readOnly: true }],
    });
    const topology = fixtureTopology({ project: "fx", services: [worker, reader] });
    const { service, volumes } = workerClone({ topology, existing: [] });
    expect(service.name).toBe("node-2");
    expect(service.containerName).toBeNull();
    expect(service.volumes[0]?.source).toBe("models");
    expect(volumes).toEqual([]);
  });

  it("refuses a topology without a numbered worker, saying what to mark", async () => {
    const topology = fixtureTopology({ project: "fx", services: [fixtureService({ name: "web" })] });
    expect(() => workerClone({ topology, existing: [] })).toThrow(
      /no worker to copy: mark one service with "x-phase: Workers"/,
    );
  });

  it("gives the clone no fixed MAC or IPv6 address and renames a hostname naming the template", async () => {
    const source = optimized.services.find((s) => s.name === "ollama-node-3");
    if (!source?.runtime) throw new Error("no runtime settings");
    const runtime = source.runtime;
    const topology = {
      ...optimized,
      services: optimized.services.map((s) =>
        s === source
          ? {
              ...s,
              runtime: { ...runtime, macAddress: "02:42:ac:11:00:09", hostname: "ollama-node-3" },
              networks: s.networks.map((n) => ({ ...n, ipv6Address: "fd00::9" })),
            }
          : s,
      ),
    };
    const { service } = workerClone({ topology, existing });
    expect(service.runtime?.macAddress).toBeNull();
    expect(service.runtime?.hostname).toBe("ollama-node-4");
    expect(service.networks.every((n) => n.ipv6Address === undefined)).toBe(true);
  });
});

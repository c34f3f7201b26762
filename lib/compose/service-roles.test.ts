import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadTopology } from "./load-topology";
import { TEST_SECRETS } from "./test-support";
import {
  phaseOrderOf,
  serviceRoleOf,
  startupLayoutFromSettings,
  startupLayoutOf,
  type StartupSlot,
} from "./service-roles";

const shipped = async (folder: string, file: string) => {
  const result = await loadTopology({ file: path.resolve("topologies", folder, file), env: TEST_SECRETS });
  if (!result.ok) throw new Error(`${folder} does not load`);
  return result.topology;
};

const slot = (service: string, phase: string, role: StartupSlot["role"] = null): StartupSlot => ({
  service,
  phase,
  role,
});

describe("service roles and startup phases", async () => {
  it("reads the role label first, then NODE_ROLE, then the shipped names", async () => {
    const base = { labels: {}, environment: {} };
    expect(serviceRoleOf({ ...base, name: "edge", labels: { "org.ollamamax.role": "load-balancer" } })).toBe(
      "load-balancer",
    );
    expect(serviceRoleOf({ ...base, name: "brain", environment: { NODE_ROLE: "leader" } })).toBe("leader");
    expect(serviceRoleOf({ ...base, name: "ollama-node-7" })).toBe("worker");
    expect(serviceRoleOf({ ...base, name: "cache", labels: { "org.ollamamax.role": "chef" } })).toBeNull();
  });

  it("keeps the shipped topologies' five phases (monitoring under Other services)", async () => {
    for (const [folder, file] of [
      ["original", "docker-compose-training.yml"],
      ["optimized", "docker-compose-topology-optimized.yml"],
    ] as const) {
      const layout = startupLayoutOf(await shipped(folder, file));
      expect(phaseOrderOf([layout])).toEqual([
        "Foundation",
        "Leader",
        "Workers",
        "Load Balancer",
        "Other services",
      ]);
      const phaseOf = Object.fromEntries(layout.map((s) => [s.service, s.phase]));
      expect(phaseOf).toMatchObject({
        postgres: "Foundation",
        "ollama-node-1": "Leader",
        "ollama-node-3": "Workers",
        "load-balancer": "Load Balancer",
        prometheus: "Other services",
      });
    }
  });

  it("orders a topology's own phases after the role phases it uses, Other services last", async () => {
    const own = [slot("store", "Storage"), slot("tool", "Other services"), slot("brain", "Core", "leader")];
    expect(phaseOrderOf([own])).toEqual(["Storage", "Core", "Other services"]);
    expect(phaseOrderOf([own, [slot("postgres", "Foundation", "foundation")]])).toEqual([
      "Foundation",
      "Storage",
      "Core",
      "Other services",
    ]);
  });

  it("reads a stored layout back, and nothing from a malformed one", async () => {
    const layout = [slot("brain", "Core", "leader")];
    expect(startupLayoutFromSettings(JSON.stringify({ startupLayout: layout }))).toEqual(layout);
    expect(startupLayoutFromSettings({ startupLayout: layout })).toEqual(layout);
    expect(startupLayoutFromSettings("{not json")).toBeNull();
    expect(startupLayoutFromSettings({ startupLayout: [{ service: "x", phase: 3 }] })).toBeNull();
    expect(startupLayoutFromSettings(null)).toBeNull();
  });
});

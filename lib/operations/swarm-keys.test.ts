import { describe, expect, it } from "vitest";
import { parseTopology } from "@/lib/compose";
import { assertNoSwarmOnlyKeys, swarmOnlyAsks } from "./swarm-keys";

const load = (deploy: string) => {
  const result = parseTopology({
    text: ["services:", "  app:", "    image: busybox", "    deploy:", deploy].join("\n"),
    file: "/tmp/swarm-keys/docker-compose.yml",
    env: {},
  });
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("; "));
  return result.topology;
};

describe("Swarm-only deploy keys", () => {
  it("load, and a single-engine deploy refuses placement naming the service and the key", () => {
    const topology = load("      replicas: 3\n      placement:\n        constraints: [node.role==worker]");
    expect(swarmOnlyAsks(topology.services[0]!)).toEqual(["deploy.placement.constraints node.role==worker"]);
    expect(() => assertNoSwarmOnlyKeys({ topology })).toThrow(
      /app: deploy\.placement\.constraints node\.role==worker\)/,
    );
  });
  it("let replicas without placement through (one engine runs them, lib/compose/replicas.ts)", () => {
    expect(() => assertNoSwarmOnlyKeys({ topology: load("      replicas: 3") })).not.toThrow();
  });
});

import { describe, expect, it } from "vitest";
import { loadTopology, readDotEnv } from "@/lib/compose";
import { SHIPPED, TEST_SECRETS } from "@/lib/compose/test-support";
import { swarmNetworkSpec, swarmServiceSpec } from "./service-spec";

/** The optimized topology loaded with PANEL_PUBLISH_HOST as given (ports written without an address). */
const optimizedWith = async (publishHost: string) => {
  const result = await loadTopology({
    file: SHIPPED.optimized,
    env: { ...readDotEnv({ file: "images/local-images.env" }), ...TEST_SECRETS },
    publishHost,
  });
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("; "));
  return result.topology;
};
const endpointPorts = (t: Awaited<ReturnType<typeof optimizedWith>>, name: string) => {
  const service = t.services.find((s) => s.name === name);
  if (!service) throw new Error(name);
  return swarmServiceSpec({ topology: t, service, runId: "r" }).EndpointSpec?.Ports;
};

const loaded = await loadTopology({
  file: SHIPPED.optimized,
  env: { ...readDotEnv({ file: "images/local-images.env" }), ...TEST_SECRETS },
});
if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join("; "));
const topology = loaded.topology;
const spec = (name: string) => {
  const service = topology.services.find((s) => s.name === name);
  if (!service) throw new Error(name);
  return swarmServiceSpec({ topology, service, runId: "run-1" });
};

describe("the optimized topology as Swarm services", async () => {
  it("keeps limits and reservations in NanoCPUs and bytes", async () => {
    expect(spec("ollama-node-2").TaskTemplate).toMatchObject({
      Resources: {
        Limits: { NanoCPUs: 3_000_000_000, MemoryBytes: 6 * 1024 ** 3 },
        Reservations: { NanoCPUs: 2_000_000_000, MemoryBytes: 4 * 1024 ** 3 },
      },
      RestartPolicy: { Condition: "any" },
    });
    expect(spec("redis").TaskTemplate).toMatchObject({
      Resources: { Limits: { NanoCPUs: 250_000_000, MemoryBytes: 512 * 1024 ** 2 }, Reservations: {} },
    });
  });

  it("carries the health check in nanoseconds, the command, the environment and the aliases", async () => {
    const node = spec("ollama-node-1");
    const container = (node.TaskTemplate as { ContainerSpec: Record<string, unknown> }).ContainerSpec;
    expect(node.Name).toBe(`${topology.project}_ollama-node-1`);
    expect(container.HealthCheck).toEqual({
      Test: ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"],
      Interval: 15e9,
      Timeout: 3e9,
      Retries: 2,
      StartPeriod: 20e9,
    });
    expect(container.Env).toContain("NODE_ROLE=leader");
    expect(spec("redis").TaskTemplate).toMatchObject({
      ContainerSpec: { Args: ["redis-server", "--appendonly", "yes"] },
    });
    expect(node.TaskTemplate?.Networks).toEqual([
      { Target: `${topology.project}_training-net`, Aliases: ["ollama-node-1"] },
      { Target: `${topology.project}_infra-net`, Aliases: ["ollama-node-1"] },
    ]);
    expect(node.Mode).toEqual({ Replicated: { Replicas: 1 } });
  });

  it("mounts named volumes with the project's labels (created per node) and binds as written", async () => {
    const mounts = (spec("prometheus").TaskTemplate as { ContainerSpec: { Mounts: unknown[] } }).ContainerSpec
      .Mounts;
    expect(mounts).toEqual([
      expect.objectContaining({ Type: "bind", Target: "/etc/prometheus/prometheus.yml", ReadOnly: true }),
      expect.objectContaining({
        Type: "volume",
        Source: `${topology.project}_prometheus-data`,
        VolumeOptions: expect.objectContaining({
          Labels: expect.objectContaining({ "com.docker.compose.project": topology.project }),
        }),
      }),
    ]);
  });

  it("honours replicas and placement written in the file", async () => {
    const base = topology.services.find((s) => s.name === "ollama-node-3");
    if (!base) throw new Error("node-3");
    const service = {
      ...base,
      swarm: { replicas: 4, constraints: ["node.role==worker"], spread: ["node.labels.zone"] },
    };
    const made = swarmServiceSpec({ topology, service, runId: "r" });
    expect(made.Mode).toEqual({ Replicated: { Replicas: 4 } });
    expect(made.TaskTemplate?.Placement).toEqual({
      Constraints: ["node.role==worker"],
      Preferences: [{ Spread: { SpreadDescriptor: "node.labels.zone" } }],
    });
  });

  it("makes each network an attachable overlay with the file's subnet", async () => {
    const network = topology.networks.find((n) => n.name === "infra-net");
    if (!network) throw new Error("infra-net");
    expect(swarmNetworkSpec({ project: topology.project, network, runId: "r" })).toMatchObject({
      Driver: "overlay",
      Attachable: true,
      IPAM: { Config: [{ Subnet: "172.22.0.0/24" }] },
    });
  });

  it("leaves loopback ports (the default 127.0.0.1) unpublished and publishes 0.0.0.0 ones through the mesh", async () => {
    // Loaded without PANEL_PUBLISH_HOST: every port of the file is on 127.0.0.1.
    expect(topology.services.flatMap((s) => s.ports).every((p) => p.hostIp === "127.0.0.1")).toBe(true);
    expect(spec("load-balancer").EndpointSpec?.Ports).toEqual([]);
    expect(spec("postgres").EndpointSpec?.Ports).toEqual([]);
    for (const host of ["127.0.0.2", "::1", "localhost"])
      expect(endpointPorts(await optimizedWith(host), "postgres")).toEqual([]);
    const open = await optimizedWith("0.0.0.0");
    expect(endpointPorts(open, "load-balancer")).toEqual([
      { Protocol: "tcp", TargetPort: 80, PublishedPort: 80 },
      { Protocol: "tcp", TargetPort: 443, PublishedPort: 443 },
    ]);
    expect(endpointPorts(await optimizedWith("::"), "postgres")).toEqual([
      { Protocol: "tcp", TargetPort: 5432, PublishedPort: 5432 },
    ]);
  });
});

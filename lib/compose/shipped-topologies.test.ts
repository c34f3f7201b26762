import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeTopology, listTopologies, loadTopology } from "./index";
import type { Topology } from "./index";
import { SHIPPED, TEST_SECRETS } from "./test-support";

const GIB = 1024 ** 3;

const load = async (file: string): Promise<Topology> => {
  const result = await loadTopology({ file, env: TEST_SECRETS });
  if (!result.ok) throw new Error(result.errors.map((error) => `${error.line}: ${error.message}`).join("\n"));
  expect(result.warnings).toEqual([]);
  return result.topology;
};

const service = (topology: Topology, name: string) => {
  const found = topology.services.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no service ${name}`);
  return found;
};

describe("original topology (docker-compose-training.yml)", async () => {
  const topology = await load(SHIPPED.original);
  const analysis = analyzeTopology({ topology });

  it("has 11 services on one /16 network", async () => {
    expect(analysis.services).toHaveLength(11);
    expect(analysis.services).toContain("dev-tools");
    expect(analysis.networks).toEqual([
      {
        name: "ollama-net",
        dockerName: "original_ollama-net",
        subnets: ["172.20.0.0/16"],
        members: analysis.services,
      },
    ]);
    expect(analysis.dualHomed).toEqual([]);
  });

  it("has 6 depends_on edges, depth 3, phases from dependency levels", async () => {
    expect(analysis.relationships.count).toBe(6);
    expect(analysis.relationships.byCondition).toEqual({
      service_started: 6,
      service_healthy: 0,
      service_completed_successfully: 0,
    });
    expect(analysis.maxDepth).toBe(3);
    expect(analysis.phases.map((phase) => [phase.name, phase.source, phase.services])).toEqual([
      [
        "Level 1",
        "level",
        ["postgres", "redis", "minio", "ollama-node-1", "prometheus", "jaeger", "dev-tools"],
      ],
      ["Level 2", "level", ["ollama-node-2", "ollama-node-3", "grafana"]],
      ["Level 3", "level", ["load-balancer"]],
    ]);
  });

  it("caps only the nodes: 10 CPU / 20 GiB limits, 5 CPU / 10 GiB reserved", async () => {
    expect(analysis.allocation.cpusLimit).toBe(10);
    expect(analysis.allocation.memoryLimitBytes).toBe(20 * GIB);
    expect(analysis.allocation.cpusReservation).toBe(5);
    expect(analysis.allocation.memoryReservationBytes).toBe(10 * GIB);
    expect(analysis.allocation.cpuUncapped).toEqual([
      "postgres",
      "redis",
      "minio",
      "load-balancer",
      "prometheus",
      "grafana",
      "jaeger",
      "dev-tools",
    ]);
    expect(service(topology, "ollama-node-1").resources).toEqual({
      cpusLimit: 2,
      memoryLimitBytes: 4 * GIB,
      cpusReservation: 1,
      memoryReservationBytes: 2 * GIB,
    });
  });

  // Every edge is service_started: a worker starts once the leader runs (2 s), not once it is ready.
  it("has a 42 s critical path: the leader running, then a worker's 40 s start period", async () => {
    expect(analysis.criticalPath.services).toEqual(["ollama-node-1", "ollama-node-2"]);
    expect(analysis.criticalPath.totalMs).toBe(42_000);
    expect(analysis.criticalPath.readyMs["dev-tools"]).toEqual({ ms: 2_000, source: "no_healthcheck" });
  });

  it("uses the node health check of the issue (30 s / 10 s / 3 / 40 s)", async () => {
    expect(service(topology, "ollama-node-3").healthcheck).toEqual({
      test: ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"],
      intervalMs: 30_000,
      timeoutMs: 10_000,
      retries: 3,
      startPeriodMs: 40_000,
      startIntervalMs: null,
    });
  });

  it("every service reaches everything it needs on the single network", async () => {
    expect(analysis.reachability.filter((fact) => !fact.reachable)).toEqual([]);
  });
});

describe("optimized topology (docker-compose-topology-optimized.yml)", async () => {
  const topology = await load(SHIPPED.optimized);
  const analysis = analyzeTopology({ topology });

  it("has 10 services on 3 /24 networks with the dual-homed services bridging them", async () => {
    expect(analysis.services).toHaveLength(10);
    expect(analysis.networks.map((network) => [network.name, network.subnets, network.members])).toEqual([
      [
        "training-net",
        ["172.21.0.0/24"],
        ["ollama-node-1", "ollama-node-2", "ollama-node-3", "load-balancer", "prometheus"],
      ],
      [
        "infra-net",
        ["172.22.0.0/24"],
        ["postgres", "redis", "minio", "ollama-node-1", "ollama-node-2", "ollama-node-3", "load-balancer"],
      ],
      ["monitor-net", ["172.23.0.0/24"], ["prometheus", "grafana", "jaeger"]],
    ]);
    expect(analysis.dualHomed.map((entry) => entry.service)).toEqual([
      "ollama-node-1",
      "ollama-node-2",
      "ollama-node-3",
      "load-balancer",
      "prometheus",
    ]);
    expect(topology.networks.map((network) => network.dockerName)).toEqual([
      "optimized_training-net",
      "optimized_infra-net",
      "optimized_monitor-net",
    ]);
  });

  it("has 7 edges (3 healthy, 4 started) and depth 3", async () => {
    expect(analysis.relationships.count).toBe(7);
    expect(analysis.relationships.byCondition).toEqual({
      service_started: 4,
      service_healthy: 3,
      service_completed_successfully: 0,
    });
    expect(
      analysis.relationships.edges
        .filter((edge) => edge.from === "ollama-node-1")
        .map((edge) => [edge.to, edge.condition]),
    ).toEqual([
      ["postgres", "service_healthy"],
      ["redis", "service_healthy"],
      ["minio", "service_healthy"],
    ]);
    expect(analysis.maxDepth).toBe(3);
    expect(analysis.levels).toMatchObject({
      postgres: 1,
      "ollama-node-1": 2,
      "ollama-node-2": 3,
      "load-balancer": 3,
    });
  });

  it("has the four x-phase phases in file order with their allocations", async () => {
    expect(
      analysis.phases.map((phase) => [
        phase.name,
        phase.source,
        phase.services,
        phase.allocation.cpusLimit,
        phase.allocation.memoryLimitBytes / GIB,
      ]),
    ).toEqual([
      ["Foundation", "x-phase", ["postgres", "redis", "minio", "prometheus", "grafana", "jaeger"], 2.25, 4.5],
      ["Leader", "x-phase", ["ollama-node-1"], 3, 6],
      ["Workers", "x-phase", ["ollama-node-2", "ollama-node-3"], 6, 12],
      ["Load Balancer", "x-phase", ["load-balancer"], 0.25, 0.25],
    ]);
  });

  it("limits add up to 11.5 CPU / 22.75 GiB, reservations to 6 CPU / 12 GiB", async () => {
    expect(analysis.allocation.cpusLimit).toBe(11.5);
    expect(analysis.allocation.memoryLimitBytes).toBe(22.75 * GIB);
    expect(analysis.allocation.cpusReservation).toBe(6);
    expect(analysis.allocation.memoryReservationBytes).toBe(12 * GIB);
    expect(analysis.allocation.cpuUncapped).toEqual([]);
    expect(service(topology, "redis").resources.memoryLimitBytes).toBe(512 * 1024 ** 2);
  });

  // postgres healthy at 15 s releases the leader; a worker starts once the leader runs (+2 s).
  it("has a 37 s critical path postgres → leader → worker, and honours measured times", async () => {
    expect(analysis.criticalPath.services).toEqual(["postgres", "ollama-node-1", "ollama-node-2"]);
    expect(analysis.criticalPath.totalMs).toBe(37_000);
    const measured = analyzeTopology({
      topology,
      measuredReady: { "load-balancer": { ms: 60_000, runs: 3 } },
    });
    expect(measured.criticalPath.services).toEqual(["postgres", "ollama-node-1", "load-balancer"]);
    expect(measured.criticalPath.totalMs).toBe(77_000);
    expect(measured.criticalPath.readyMs["load-balancer"]).toEqual({
      ms: 60_000,
      source: "measured",
      runs: 3,
    });
  });

  it("shows what segmentation cuts off: prometheus from infra, jaeger from the nodes", async () => {
    const isolation = Object.fromEntries(
      analysis.isolation.map((entry) => [entry.service, entry.unreachable]),
    );
    expect(isolation.prometheus).toEqual(["postgres", "redis", "minio"]);
    expect(isolation.jaeger).toEqual([
      "postgres",
      "redis",
      "minio",
      "ollama-node-1",
      "ollama-node-2",
      "ollama-node-3",
      "load-balancer",
    ]);
    expect(
      analysis.reachability.filter((fact) => !fact.reachable).map((fact) => `${fact.from}→${fact.to}`),
    ).toEqual(["ollama-node-1→jaeger", "ollama-node-2→jaeger", "ollama-node-3→jaeger"]);
    expect(analysis.reachability).toContainEqual({
      from: "ollama-node-1",
      to: "postgres",
      reason: "depends_on",
      reachable: true,
      via: ["infra-net"],
    });
  });

  it("names containers *-optimized, aliases services by name, publishes on 127.0.0.1, resolves binds", async () => {
    const leader = service(topology, "ollama-node-1");
    expect(leader.containerName).toBe("ollama-node-1-optimized");
    expect(leader.networks).toEqual([
      { name: "training-net", aliases: ["ollama-node-1"], ipv4Address: null },
      { name: "infra-net", aliases: ["ollama-node-1"], ipv4Address: null },
    ]);
    expect(leader.ports[0]).toEqual({
      hostIp: "127.0.0.1",
      hostPort: 8080,
      containerPort: 8080,
      protocol: "tcp",
    });
    expect(leader.phase).toBe("Leader");
    expect(leader.environment).toMatchObject({
      CONSENSUS_MODE: "async_training",
      PIPELINE_DEPTH: "4",
      JWT_SECRET: "test-jwt",
    });
    expect(service(topology, "postgres").volumes[0]).toEqual({
      type: "bind",
      source: join(dirname(SHIPPED.optimized), "data/postgres"),
      target: "/var/lib/postgresql/data",
      readOnly: false,
    });
    expect(service(topology, "ollama-node-2").healthcheck).toMatchObject({
      intervalMs: 15_000,
      timeoutMs: 3_000,
      retries: 2,
      startPeriodMs: 20_000,
    });
  });

  it("records every required secret with its message", async () => {
    expect(topology.requiredVariables.map((variable) => variable.name).sort()).toEqual([
      "DB_PASSWORD",
      "GRAFANA_PASSWORD",
      "JWT_SECRET",
      "MINIO_ROOT_PASSWORD",
      "MINIO_ROOT_USER",
    ]);
    expect(topology.requiredVariables.find((variable) => variable.name === "JWT_SECRET")?.message).toBe(
      "JWT_SECRET is not set: add it to .env",
    );
  });

  it("swaps images through variables and uses the publish host it is given", async () => {
    const result = await loadTopology({
      file: SHIPPED.optimized,
      env: { ...TEST_SECRETS, OLLAMA_NODE_IMAGE: "local/node-sim:1" },
      publishHost: "0.0.0.0",
    });
    if (!result.ok) throw new Error("load failed");
    expect(service(result.topology, "ollama-node-3").image).toBe("local/node-sim:1");
    expect(service(result.topology, "grafana").image).toBe("grafana/grafana:latest");
    expect(service(result.topology, "grafana").ports[0]?.hostIp).toBe("0.0.0.0");
  });
});

describe("listTopologies", async () => {
  it("finds both shipped topologies with their compose files", async () => {
    const root = dirname(dirname(SHIPPED.original));
    const entry = (name: "optimized" | "original") => ({
      name,
      dir: dirname(SHIPPED[name]),
      files: [SHIPPED[name]],
      overrides: [],
      chosenBy: "only file",
      candidates: [SHIPPED[name]],
      note: null,
      problem: null,
    });
    expect(listTopologies({ root })).toEqual([entry("optimized"), entry("original")]);
  });
});

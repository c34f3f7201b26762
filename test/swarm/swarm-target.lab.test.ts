// The Swarm target on the lab with a small topology (busybox): a dag deploy of three services, one
// with three replicas spread over the nodes and a named volume; the plan's gates honoured; tasks
// ready on their nodes; limits, reservations, health check and placement as written; a 0.0.0.0 port
// published through the routing mesh (as Swarm records it) and a 127.0.0.1 port left unpublished, with the run saying so; a replica added and timed; torn down in reverse,
// first keeping the named volume on every node that ran a task mounting it, then, asked, removing it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type Docker from "dockerode";
import { getDeployBus, type DeployEvent } from "@/lib/deploy";
import {
  removeSwarmProject,
  scaleSwarmService,
  startSwarmDeploy,
  startSwarmTeardown,
  swarmLeftovers,
  swarmNodeView,
} from "@/lib/swarm";
import { approvedForTests } from "../fixtures/approved-deploy";
import { fixtureService, fixtureTopology } from "../fixtures/fixture-topology";
import { labEngines, labIsUp } from "./lab-engines";

const project = `swarmtest-${process.pid}`;
const engines = labEngines();
const spread = { replicas: 3, constraints: [], spread: ["node.id"] };
// Published inside the lab nodes' network namespaces only (scripts/swarm-lab/up.sh).
const MESH_PORT = 18480;
const LOOPBACK_PORT = 18481;

const topology = fixtureTopology({
  project,
  services: [
    fixtureService({
      name: "db",
      resources: {
        cpusLimit: 0.25,
        memoryLimitBytes: 64 * 1024 ** 2,
        cpusReservation: 0.1,
        memoryReservationBytes: 32 * 1024 ** 2,
      },
      swarm: { replicas: 1, constraints: ["node.role==manager"], spread: [] },
      volumes: [{ type: "volume", source: "data", target: "/data", readOnly: false }],
    }),
    fixtureService({
      name: "worker",
      dependsOn: [{ service: "db", condition: "service_healthy", required: true, restart: false }],
      swarm: spread,
      volumes: [{ type: "volume", source: "data", target: "/data", readOnly: false }],
    }),
    fixtureService({
      name: "edge",
      dependsOn: [{ service: "worker", condition: "service_started", required: true, restart: false }],
      healthcheck: null,
      ports: [
        { hostIp: "0.0.0.0", hostPort: MESH_PORT, containerPort: 8080, protocol: "tcp" },
        { hostIp: "127.0.0.1", hostPort: LOOPBACK_PORT, containerPort: 8080, protocol: "tcp" },
      ],
    }),
  ],
  networks: [
    {
      name: "front",
      dockerName: `${project}_front`,
      driver: "bridge",
      external: false,
      internal: false,
      subnets: [{ subnet: "172.29.7.0/24", gateway: null }],
      driverOpts: {},
      labels: {},
    },
  ],
  volumes: [{ name: "data", dockerName: `${project}_data`, driver: "local", external: false }],
});

beforeAll(() => {
  if (!labIsUp()) throw new Error("the Swarm lab is not up: bash scripts/swarm-lab/up.sh");
});
afterAll(async () => {
  await removeSwarmProject({ engines, project, volumes: "all" }).catch(() => undefined);
});

describe("Swarm target on the three-engine lab", () => {
  it("deploys in dag, scales, and tears down with nothing left", async () => {
    const events: DeployEvent[] = [];
    const off = getDeployBus().subscribe((e) => {
      if (e.project === project) events.push(e);
    });
    const { done } = startSwarmDeploy({
      engines,
      topology,
      strategy: "dag",
      probeIntervalMs: 250,
      policy: approvedForTests(topology),
    });
    const result = await done;
    expect(result.error).toBeNull();
    expect(result.status).toBe("healthy");

    // The gates: worker created only once db was ready; edge once worker was started.
    const at = (service: string, state: string) =>
      events.find((e) => e.type === "service_state" && e.service === service && e.state === state)?.t ?? NaN;
    expect(at("worker", "creating")).toBeGreaterThanOrEqual(at("db", "healthy"));
    expect(at("edge", "creating")).toBeGreaterThanOrEqual(at("worker", "running"));

    const placement = result.settings.placement as Record<string, { node: string; state: string }[]>;
    expect(placement.db?.map((t) => t.node)).toEqual(["swl-mgr"]);
    expect(new Set(placement.worker?.map((t) => t.node)).size).toBe(3);
    expect(
      Object.values(placement)
        .flat()
        .every((t) => t.state === "running"),
    ).toBe(true);

    // What Swarm holds is what the topology says.
    const [db] = await engines.manager.listServices({ filters: { name: [`${project}_db`] } });
    const spec = db?.Spec as Docker.ServiceSpec & { TaskTemplate: Docker.ContainerTaskSpec };
    expect(spec.TaskTemplate.Resources?.Limits).toEqual({
      NanoCPUs: 250_000_000,
      MemoryBytes: 64 * 1024 ** 2,
    });
    expect(spec.TaskTemplate.Resources?.Reservations).toEqual({
      NanoCPUs: 100_000_000,
      MemoryBytes: 32 * 1024 ** 2,
    });
    // The Engine answers the field as "Healthcheck" (dockerode's type says HealthCheck).
    const container = spec.TaskTemplate.ContainerSpec as { Healthcheck?: { Test?: string[] } };
    expect(container.Healthcheck?.Test).toEqual(topology.services[0]?.healthcheck?.test);
    const network = await engines.manager.getNetwork(`${project}_front`).inspect();
    expect(network).toMatchObject({ Driver: "overlay", Attachable: true });
    expect(network.IPAM?.Config?.[0]?.Subnet).toBe("172.29.7.0/24");

    // Ports: 0.0.0.0 through the routing mesh, 127.0.0.1 not published (Swarm cannot bind it), said so.
    const [edge] = await engines.manager.listServices({ filters: { name: [`${project}_edge`] } });
    expect(edge?.Spec?.EndpointSpec?.Ports).toEqual([
      expect.objectContaining({ Protocol: "tcp", TargetPort: 8080, PublishedPort: MESH_PORT }),
    ]);
    const unpublished = `not published on Swarm: edge 127.0.0.1:${LOOPBACK_PORT} (their address is loopback`;
    expect(result.settings.unpublishedPorts).toContain(unpublished);
    expect(events.some((e) => e.type === "log" && e.line.startsWith(unpublished))).toBe(true);
    // Swarm's own record of the endpoint: the mesh port published in ingress mode, the loopback one absent.
    // (Traffic through the mesh is not tried: this machine's kernel has no IPVS, which the mesh needs.)
    const endpoint = (edge as { Endpoint?: { Ports?: { PublishedPort?: number; PublishMode?: string }[] } })
      .Endpoint;
    expect(endpoint?.Ports).toEqual([
      expect.objectContaining({ PublishedPort: MESH_PORT, PublishMode: "ingress" }),
    ]);

    // The per-node view: every node, the project's tasks on it with live stats from its engine.
    const view = await swarmNodeView({ engines, project });
    expect(view.map((n) => n.hostname).sort()).toEqual(["swl-mgr", "swl-w1", "swl-w2"]);
    const withStats = view.flatMap((n) => n.tasks).filter((t) => t.stats && t.stats.memoryBytes > 0);
    expect(withStats.length).toBeGreaterThanOrEqual(5);

    const worker = topology.services[1];
    if (!worker) throw new Error("fixture");
    const scaled = await scaleSwarmService({ engines, project, service: worker, replicas: 4 });
    expect(scaled.tasks).toHaveLength(4);
    expect(scaled.readyMs).toBeGreaterThan(0);
    console.log(`swarm scale worker 3 → 4 ready in ${scaled.readyMs} ms`);

    const teardown = await startSwarmTeardown({ engines, project, order: ["db", "worker", "edge"] }).done;
    off();
    expect(teardown.status).toBe("torn_down");
    expect(teardown.settings.removeVolumes).toBe(false);
    // Reverse plan order: edge, then worker, then db.
    const removed = events
      .filter((e) => e.type === "service_state" && e.state === "removed")
      .map((e) => (e as { service: string }).service);
    expect(removed).toEqual(["edge", "worker", "db"]);
    // Not asked to remove volumes: the data volume stays on each node that ran a task mounting it
    // (worker spread over all three), and is no leftover.
    expect(teardown.cleanup).toEqual({
      state: "done",
      leftovers: { containers: [], networks: [], volumes: [] },
    });
    expect(
      events.some(
        (e) =>
          e.type === "log" &&
          e.runId === teardown.runId &&
          e.line === "kept 3 volumes on 3 nodes (ask to remove volumes to delete their data)",
      ),
    ).toBe(true);
    const kept = await swarmLeftovers({ engines, project });
    const data = { containers: [], volumes: [`${project}_data`] };
    expect(kept).toEqual({
      services: [],
      networks: [],
      nodes: { "swl-mgr": data, "swl-w1": data, "swl-w2": data },
    });

    // Asked: they go on every node.
    const again = await startSwarmTeardown({ engines, project, removeVolumes: true }).done;
    expect(again.status).toBe("torn_down");
    expect(again.settings.removeVolumes).toBe(true);
    const left = await swarmLeftovers({ engines, project });
    expect(left).toEqual({
      services: [],
      networks: [],
      nodes: {
        "swl-mgr": { containers: [], volumes: [] },
        "swl-w1": { containers: [], volumes: [] },
        "swl-w2": { containers: [], volumes: [] },
      },
    });
  });
});

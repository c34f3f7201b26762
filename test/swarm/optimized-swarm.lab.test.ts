// Done-when of the Swarm target (issue 18): the three-engine lab (scripts/swarm-lab/up.sh) added as
// environments, the shipped optimized topology deployed by the panel's deploy operation in dag with
// target "swarm" (fit clamp, to the smallest node), tasks on at least two nodes, every service
// healthy, the run stored with per-node placement; then a worker engine killed as a crashed machine
// and what the panel's per-node view reports (the node down, its tasks rescheduled and healthy on
// the others); the engine brought back; its ports (127.0.0.1, the panel's default) not published
// on Swarm and the run saying so; torn down keeping the named volumes on the nodes, then, asked,
// with nothing left on any engine. Before it, a small topology with Compose profiles: the chosen
// profile's service deployed and the others not, its limits fitted to the smallest node (what the
// run page says), its 0.0.0.0 port published and its default-address one not, and "start from
// empty data" and a port bound to one address refused with nothing created.
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getPrisma } from "@/lib/db/client";
import { ZDeployRequest } from "@/lib/operations/deploy-settings";
import { requestDeploy, requestTeardown } from "@/lib/operations/deploy";
import { addEnvironment } from "@/lib/operations/environments";
import { swarmNodes } from "@/lib/operations/swarm";
import { startRecording } from "@/lib/recording";
import { loadRunPage } from "@/lib/runs/run-page-model";
import { removeSwarmProject, swarmLeftovers, type SwarmNodeView } from "@/lib/swarm";
import { testActor } from "../fixtures/principal";
import { clusterSecrets, scratchDatabase, topologyCopy, topologyFolder } from "../fixtures/scratch-panel";
import { LAB_NODES, labEngines, labIsUp, labSocket } from "./lab-engines";

// The topology folder is a copy of the shipped one (its ./data binds land there, not in the repo),
// in a catalog folder set before this file's imports load the catalog (it reads it once).
const scratch = await vi.hoisted(async () => {
  const { scratchFolder, scratchTopologies } = await import("../fixtures/scratch-panel");
  const dir = scratchFolder("swarmlab-");
  scratchTopologies({ dir });
  return dir;
});
topologyCopy("optimized");
scratchDatabase({ dir: scratch });
// Seals the environments' credentials: one fixed key for the whole file.
process.env.JWT_SECRET = "swarm-lab-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
clusterSecrets({ dir: scratch });
const admin = testActor({ username: "swarm-admin", role: "admin" });
const operator = testActor({ username: "swarm-operator" });
const engines = labEngines();
const WORKER_TO_KILL = "swl-w1";
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

// Three busybox services: "app" always, "debug" and "extra" only under their profiles. "app" asks
// for more CPUs than any node has, so fit clamp lowers it to the smallest node's.
const PROFILED = "swarmprofiles";
const busybox = (extra: string) => `
    image: ollamamax-test/busybox:latest
    command: ["httpd", "-f", "-p", "8080", "-h", "/www"]
    healthcheck:
      test: ["CMD-SHELL", "wget -q -O- http://localhost:8080/health"]
      interval: 1s
      timeout: 1s
      retries: 5
      start_period: 2s${extra}`;
// Ports: app's on 0.0.0.0 (published through the mesh), debug's without an address (the default
// 127.0.0.1: not published), extra's on one address (refused on Swarm).
const PROFILED_COMPOSE = `name: ${PROFILED}
services:
  app:${busybox(`
    ports: ["0.0.0.0:18490:8080"]
    volumes: ["appdata:/data"]
    deploy:
      resources:
        limits:
          cpus: "64"`)}
  debug:${busybox(`
    ports: ["18491:8080"]
    profiles: ["debug"]`)}
  extra:${busybox(`
    ports: ["10.232.0.9:18492:8080"]
    profiles: ["extra"]`)}
volumes:
  appdata: {}
`;
topologyFolder({ name: PROFILED, files: { "docker-compose.yml": PROFILED_COMPOSE } });
const endpointPorts = async (project: string) =>
  Object.fromEntries(
    (
      await engines.manager.listServices({ filters: { label: [`com.docker.compose.project=${project}`] } })
    ).map((s) => [s.Spec?.Labels?.["com.docker.compose.service"] ?? "", s.Spec?.EndpointSpec?.Ports ?? []]),
  );

const waitFor = async <T>(
  what: string,
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  ms: number,
): Promise<T> => {
  const deadline = Date.now() + ms;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > deadline)
      throw new Error(`${what}: not within ${ms / 1000} s; last ${JSON.stringify(last)}`);
    await pause(1000);
    last = await read();
  }
  return last;
};

beforeAll(async () => {
  if (!labIsUp()) throw new Error("the Swarm lab is not up: bash scripts/swarm-lab/up.sh");
  startRecording();
  for (const node of LAB_NODES)
    await addEnvironment({ ...admin, request: { name: node, url: `unix://${labSocket(node)}` } });
});

afterAll(async () => {
  await removeSwarmProject({ engines, project: "optimized", volumes: "all" }).catch(() => undefined);
  await removeSwarmProject({ engines, project: PROFILED, volumes: "all" }).catch(() => undefined);
});

describe("the optimized topology on the three-engine Swarm lab", () => {
  it("deploys the chosen profiles' services, fitted to the smallest node, and refuses freshData", async () => {
    const deploy = (extra: Record<string, unknown>) =>
      requestDeploy({
        ...operator,
        request: ZDeployRequest.parse({
          topology: PROFILED,
          strategy: "dag",
          fit: "clamp",
          target: "swarm",
          environment: "swl-mgr",
          ...extra,
        }),
      });
    const nothingDeployed = async () =>
      expect((await swarmLeftovers({ engines, project: PROFILED })).services).toEqual([]);

    await expect(deploy({ freshData: true })).rejects.toThrow(
      /^freshData: start from empty data is not available with target swarm/,
    );
    await expect(deploy({ profiles: ["nope"] })).rejects.toThrow(
      'profiles: "nope" is not a profile of topology "swarmprofiles" (its profiles: debug, extra)',
    );
    await expect(deploy({ profiles: ["extra"] })).rejects.toThrow(
      /^target: Swarm cannot publish a port on one address: extra 10\.232\.0\.9:18492 /,
    );
    await nothingDeployed();

    const { runId, done } = await deploy({ profiles: ["debug"] });
    const result = await done;
    expect(result.error).toBeNull();
    expect(result.status).toBe("healthy");
    const placement = result.settings.placement as Record<string, { node: string; state: string }[]>;
    expect(Object.keys(placement).sort()).toEqual(["app", "debug"]);
    const fitTo = result.settings.fitTo as { kind: string; nodes: number; cpus: number; memoryBytes: number };
    expect(fitTo).toMatchObject({ kind: "smallest-swarm-node", nodes: LAB_NODES.length });
    expect(fitTo.cpus).toBeGreaterThan(0);
    expect(result.conditions?.fitChanges).toContainEqual(
      expect.objectContaining({ service: "app", field: "cpusLimit", written: 64, applied: fitTo.cpus }),
    );
    await pause(1500);
    const page = await loadRunPage(runId);
    expect(page?.run.settings.profiles).toEqual(["debug"]);
    expect(page?.swarmFit).toContain(
      `limits fitted to the smallest of the swarm's ${LAB_NODES.length} node(s)`,
    );
    expect(await endpointPorts(PROFILED)).toEqual({
      app: [expect.objectContaining({ TargetPort: 8080, PublishedPort: 18490 })],
      debug: [],
    });
    expect(page?.swarmPorts).toMatch(/^not published on Swarm: debug 127\.0\.0\.1:18491 \(/);
    console.log(
      `swarm lab: profiles ["debug"] deployed ${Object.keys(placement).join(", ")}; ${page?.swarmFit}`,
    );

    // Its volume: new (cold); a teardown without removeVolumes keeps it on the node that ran app,
    // so the next deploy starts warm from it; a teardown with removeVolumes removes it.
    const volume = `${PROFILED}_appdata`;
    expect(result.conditions?.dataState).toBe("cold");
    const teardown = (removeVolumes: boolean) =>
      requestTeardown({
        ...operator,
        topologyName: PROFILED,
        environment: "swl-mgr",
        target: "swarm",
        removeVolumes,
      });
    const keeping = await (await teardown(false)).done;
    expect(keeping.status).toBe("torn_down");
    await nothingDeployed();
    const keptOn = Object.entries((await swarmLeftovers({ engines, project: PROFILED })).nodes)
      .filter(([, n]) => n.volumes.includes(volume))
      .map(([node]) => node);
    expect(keptOn).toEqual([placement.app?.[0]?.node]);
    const again = await (await deploy({ profiles: ["debug"] })).done;
    expect(again.status).toBe("healthy");
    expect(again.conditions?.dataState).toBe("warm");
    expect(again.conditions?.data[0]?.detail).toBe(
      `kept on ${keptOn[0]} (contents not read: counted as warm)`,
    );
    const removing = await (await teardown(true)).done;
    expect(removing.status).toBe("torn_down");
    await nothingDeployed();
    expect(
      Object.values((await swarmLeftovers({ engines, project: PROFILED })).nodes).flatMap((n) => n.volumes),
    ).toEqual([]);
    console.log(
      `swarm lab: ${volume} kept on ${keptOn.join(", ")} by a teardown, the redeploy warm; removed when asked`,
    );
  });

  it("deploys in dag across the nodes, survives a dead worker, and tears down to nothing", async () => {
    const began = performance.now();
    const request = ZDeployRequest.parse({
      topology: "optimized",
      strategy: "dag",
      fit: "clamp",
      target: "swarm",
      environment: "swl-mgr",
    });
    const { runId, done } = await requestDeploy({ ...operator, request });
    const result = await done;
    expect(result.error).toBeNull();
    expect(result.status).toBe("healthy");
    console.log(
      `swarm lab: optimized deployed in dag in ${seconds(result.totalMs)} (all ready ${seconds(result.clocks?.readyMs ?? 0)})`,
    );

    // Placement: every service's task running, on at least two nodes.
    const placement = result.settings.placement as Record<string, { node: string; state: string }[]>;
    expect(Object.keys(placement).sort()).toHaveLength(10);
    const tasks = Object.values(placement).flat();
    expect(tasks.every((t) => t.state === "running")).toBe(true);
    const nodesUsed = new Set(tasks.map((t) => t.node));
    expect(nodesUsed.size).toBeGreaterThanOrEqual(2);
    console.log(
      `swarm lab: placement ${JSON.stringify(Object.fromEntries(Object.entries(placement).map(([s, t]) => [s, t.map((x) => x.node)])))}`,
    );

    // Stored: the run row with its placement and target, a service row per service, all healthy.
    await pause(1500);
    const row = await getPrisma().run.findUniqueOrThrow({
      where: { id: runId },
      include: { services: true },
    });
    expect(row.status).toBe("healthy");
    const stored = JSON.parse(row.settings ?? "{}") as { target?: string; placement?: typeof placement };
    expect(stored.target).toBe("swarm");
    expect(stored.placement).toEqual(placement);
    // Recorded under the manager's environment, as its teardown is: its dashboard and filter find it.
    const manager = await getPrisma().environment.findUniqueOrThrow({ where: { name: "swl-mgr" } });
    expect(row.environmentId).toBe(manager.id);
    expect(row.services.map((s) => s.service).sort()).toEqual(Object.keys(placement).sort());
    expect(row.services.every((s) => s.readyAtMs !== null && s.state === "healthy")).toBe(true);

    // Ports: every one is on 127.0.0.1 (no address in the file, PANEL_PUBLISH_HOST unset), so none
    // is published through the routing mesh, and the run says which and why.
    const ports = await endpointPorts("optimized");
    expect(Object.keys(ports)).toHaveLength(10);
    expect(Object.values(ports).flat()).toEqual([]);
    const notPublished = stored as { unpublishedPorts?: string };
    expect(notPublished.unpublishedPorts).toMatch(/^not published on Swarm: .*postgres 127\.0\.0\.1:5432/);
    expect(notPublished.unpublishedPorts).toContain("load-balancer 127.0.0.1:80");
    expect(notPublished.unpublishedPorts).toContain("set PANEL_PUBLISH_HOST=0.0.0.0 to publish them");

    // The per-node view: stats of running tasks from their nodes' engines.
    const view = await swarmNodes({ topologyName: "optimized", environment: "swl-mgr" });
    expect(view.every((n) => n.engine && n.state === "ready")).toBe(true);
    expect(view.flatMap((n) => n.tasks).filter((t) => t.stats !== null).length).toBeGreaterThanOrEqual(8);

    // A worker machine dies: its engine, containerd and every task container killed at once.
    const onVictim = tasks.filter((t) => t.node === WORKER_TO_KILL).length;
    const killedAt = performance.now();
    execFileSync("bash", ["scripts/swarm-lab/node.sh", "kill", WORKER_TO_KILL]);
    const afterKill = await waitFor(
      "the panel reports the node down and every service running on the other nodes",
      () => swarmNodes({ topologyName: "optimized", environment: "swl-mgr" }),
      (nodes: SwarmNodeView[]) => {
        const victim = nodes.find((n) => n.hostname === WORKER_TO_KILL);
        const live = nodes.filter((n) => n.hostname !== WORKER_TO_KILL).flatMap((n) => n.tasks);
        const running = new Set(live.filter((t) => t.state === "running").map((t) => t.service));
        return victim?.state === "down" && running.size === 10;
      },
      240_000,
    );
    const victim = afterKill.find((n) => n.hostname === WORKER_TO_KILL);
    expect(victim?.tasks.filter((t) => t.state === "running")).toHaveLength(0);
    console.log(
      `swarm lab: ${WORKER_TO_KILL} killed with ${onVictim} task(s); the panel saw it down and all 10 services running on ` +
        `${[...new Set(afterKill.flatMap((n) => n.tasks.filter((t) => t.state === "running").map(() => n.hostname)))].join(", ")} ` +
        `after ${seconds(performance.now() - killedAt)}`,
    );

    // The machine comes back (its stale containers are then the swarm's to clean), then teardown.
    execFileSync("bash", ["scripts/swarm-lab/node.sh", "start", WORKER_TO_KILL]);
    await waitFor(
      `${WORKER_TO_KILL} ready again`,
      () => swarmNodes({ topologyName: "optimized", environment: "swl-mgr" }),
      (nodes) => nodes.every((n) => n.state === "ready"),
      120_000,
    );
    // Torn down without removeVolumes: services and networks go, the named volumes stay on the
    // nodes (no leftover), and the run says so.
    const keeping = await (
      await requestTeardown({
        ...operator,
        topologyName: "optimized",
        environment: "swl-mgr",
        target: "swarm",
        removeVolumes: false,
      })
    ).done;
    expect(keeping.error).toBeNull();
    expect(keeping.status).toBe("torn_down");
    expect(keeping.settings.removeVolumes).toBe(false);
    const removed = keeping.services.filter((s) => s.state === "removed").map((s) => s.service);
    expect(removed).toHaveLength(10);
    // Reverse plan order: the load balancer (last phase) before the leader, the leader before postgres.
    expect(removed.indexOf("load-balancer")).toBeLessThan(removed.indexOf("ollama-node-1"));
    expect(removed.indexOf("ollama-node-1")).toBeLessThan(removed.indexOf("postgres"));
    const kept = await swarmLeftovers({ engines, project: "optimized" });
    expect(kept.services).toEqual([]);
    expect(kept.networks).toEqual([]);
    expect(Object.values(kept.nodes).flatMap((n) => n.containers)).toEqual([]);
    const keptVolumes = Object.values(kept.nodes).flatMap((n) => n.volumes);
    expect(keptVolumes).toContain("optimized_grafana-data");
    const keptOn = Object.values(kept.nodes).filter((n) => n.volumes.length > 0).length;
    await pause(1500);
    const keptLog = await getPrisma().run.findUniqueOrThrow({
      where: { id: keeping.runId },
      include: { events: true },
    });
    expect(JSON.stringify(keptLog.events)).toContain(
      `kept ${keptVolumes.length} volume${keptVolumes.length === 1 ? "" : "s"} on ${keptOn} node`,
    );
    console.log(`swarm lab: teardown kept ${keptVolumes.length} volume(s) on ${keptOn} node(s)`);

    // Asked: the volumes go on every node.
    const teardown = await (
      await requestTeardown({
        ...operator,
        topologyName: "optimized",
        environment: "swl-mgr",
        target: "swarm",
        removeVolumes: true,
      })
    ).done;
    expect(teardown.error).toBeNull();
    expect(teardown.status).toBe("torn_down");
    const left = await swarmLeftovers({ engines, project: "optimized" });
    expect(left).toEqual({
      services: [],
      networks: [],
      nodes: Object.fromEntries(LAB_NODES.map((n) => [n, { containers: [], volumes: [] }])),
    });
    console.log(
      `swarm lab: teardown ${seconds(keeping.totalMs)} (volumes kept), then volumes ${seconds(teardown.totalMs)}; whole test ${seconds(performance.now() - began)}`,
    );
  });
});

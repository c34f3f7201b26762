// Removes a Swarm deploy in reverse plan order: the services (waiting until each one's containers are
// gone from the nodes), then the overlay networks; the named volumes on the nodes (Swarm creates a
// volume on each node that ran a task mounting it) only when asked (volumes.ts). Also a run of its
// own, recorded.
import { randomUUID } from "node:crypto";
import type Docker from "dockerode";
import { LABEL } from "@/lib/docker/labels";
import { acquireProjectLock } from "@/lib/deploy/lock";
import { trackRunResult } from "@/lib/deploy/live-results";
import type { StartedRun } from "@/lib/deploy/orchestrator";
import { createRunContext, type RunOrigin } from "@/lib/deploy/run-context";
import { toRunError } from "@/lib/deploy/run-failure";
import { newRunResult } from "@/lib/deploy/run-result";
import { waitingTiming } from "@/lib/deploy/phase-tracker";
import type { CleanupOutcome, RunResult } from "@/lib/deploy/types";
import type { SwarmEngines } from "./engines";
import { nodeNames } from "./tasks";
import {
  keptVolumesLine,
  projectVolumes,
  splitVolumes,
  type NodeVolume,
  type SwarmVolumeRemoval,
} from "./volumes";

const projectLabel = (project: string) => ({ label: [`${LABEL.project}=${project}`] });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The engines of the nodes the panel reaches, by hostname. */
const reachableNodes = async (engines: SwarmEngines): Promise<[string, Docker][]> =>
  [...(await nodeNames(engines.manager))].flatMap(([id, hostname]) => {
    const engine = engines.nodeEngine({ id, hostname });
    return engine ? [[hostname, engine] as [string, Docker]] : [];
  });

/** The project's named volumes on every node the panel reaches. */
export const swarmProjectVolumes = async ({ engines, project }: { engines: SwarmEngines; project: string }) =>
  projectVolumes({ nodes: await reachableNodes(engines), project });

/** What of the project each engine still lists: services and networks on the manager, containers and volumes per node. */
export const swarmLeftovers = async ({ engines, project }: { engines: SwarmEngines; project: string }) => {
  const filters = projectLabel(project);
  const [services, networks] = await Promise.all([
    engines.manager.listServices({ filters }),
    engines.manager.listNetworks({ filters }),
  ]);
  const nodes: Record<string, { containers: string[]; volumes: string[] }> = {};
  for (const [hostname, engine] of await reachableNodes(engines)) {
    const [containers, volumes] = await Promise.all([
      engine.listContainers({ all: true, filters }).catch(() => []),
      engine.listVolumes({ filters }).catch(() => ({ Volumes: [] })),
    ]);
    nodes[hostname] = {
      containers: containers.map((c) => (c.Names[0] ?? c.Id).replace(/^\//, "")),
      volumes: (volumes.Volumes ?? []).map((v) => v.Name),
    };
  }
  return {
    services: services.map((s) => s.Spec?.Name ?? s.ID),
    networks: networks.map((n) => n.Name),
    nodes,
  };
};

const containersLeft = async (engines: SwarmEngines, filters: { label: string[] }): Promise<number> => {
  let left = 0;
  for (const [, engine] of await reachableNodes(engines))
    left += (await engine.listContainers({ all: true, filters }).catch(() => [])).length;
  return left;
};

export type RemoveSwarmProjectOptions = {
  engines: SwarmEngines;
  project: string;
  /** Service names in plan order (removed last first); others go first. */
  order?: string[];
  onService?: (service: string, state: "stopping" | "removed") => void;
  /** Per service, how long to wait for its containers to go (ms). */
  waitMs?: number;
  /** Which named volumes go (default "keep": their data stays, as on one engine). */
  volumes?: SwarmVolumeRemoval;
  onVolumeRemoved?: (volume: NodeVolume) => void;
};

/**
 * Removes the project's services and networks from the swarm, and the volumes the removal takes from
 * its reachable nodes; says what is left of that (kept volumes are no leftover) and what was kept.
 */
export const removeSwarmProject = async ({
  engines,
  project,
  order = [],
  onService,
  waitMs = 60_000,
  volumes: removal = "keep",
  onVolumeRemoved,
}: RemoveSwarmProjectOptions): Promise<{ cleanup: CleanupOutcome; keptVolumes: NodeVolume[] }> => {
  const { manager } = engines;
  const services = (await manager.listServices({ filters: projectLabel(project) })) as {
    ID: string;
    Spec?: { Labels?: Record<string, string> };
  }[];
  const rank = (s: (typeof services)[number]) => order.indexOf(s.Spec?.Labels?.[LABEL.service] ?? "");
  for (const service of services.sort((a, b) => rank(b) - rank(a))) {
    const name = service.Spec?.Labels?.[LABEL.service] ?? service.ID;
    onService?.(name, "stopping");
    await manager
      .getService(service.ID)
      .remove()
      .catch(() => undefined);
    const filters = { label: [`${LABEL.project}=${project}`, `${LABEL.service}=${name}`] };
    const deadline = performance.now() + waitMs;
    while ((await containersLeft(engines, filters)) > 0 && performance.now() < deadline) await pause(300);
    onService?.(name, "removed");
  }
  // An overlay network is removable once no task's endpoint remains on it: retry for a while.
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const networks = await manager.listNetworks({ filters: projectLabel(project) });
    if (networks.length === 0) break;
    for (const n of networks)
      await manager
        .getNetwork(n.Id)
        .remove()
        .catch(() => undefined);
    await pause(500);
  }
  const nodes = await reachableNodes(engines);
  const engineOf = new Map(nodes);
  for (const volume of splitVolumes({ volumes: await projectVolumes({ nodes, project }), removal }).remove) {
    const removed = await engineOf
      .get(volume.node)
      ?.getVolume(volume.name)
      .remove()
      .then(() => true)
      .catch(() => false);
    if (removed) onVolumeRemoved?.(volume);
  }
  const left = await swarmLeftovers({ engines, project });
  // What the removal took and is still there is left over; what it kept is not.
  const after = splitVolumes({ volumes: await projectVolumes({ nodes, project }), removal });
  const leftovers = {
    containers: [...left.services, ...Object.values(left.nodes).flatMap((n) => n.containers)],
    networks: left.networks,
    volumes: after.remove.map((v) => `${v.name}@${v.node}`),
  };
  const empty = leftovers.containers.length + leftovers.networks.length + leftovers.volumes.length === 0;
  return { cleanup: { state: empty ? "done" : "failed", leftovers }, keptVolumes: after.keep };
};

export type StartSwarmTeardownOptions = {
  engines: SwarmEngines;
  project: string;
  order?: string[];
  /** Also remove the project's named volumes on every reachable node (their data is lost). */
  removeVolumes?: boolean;
  runId?: string;
  settings?: Record<string, unknown>;
  origin?: RunOrigin;
};

/** Tears a Swarm deploy down as a run (kind teardown), with every service's removal on the bus. */
export const startSwarmTeardown = (options: StartSwarmTeardownOptions): StartedRun => {
  const { engines, project, removeVolumes = false } = options;
  const runId = options.runId ?? randomUUID();
  const release = acquireProjectLock({ project, runId, kind: "teardown" });
  const ctx = createRunContext({ runId, project, origin: options.origin });
  const result = newRunResult({
    ctx,
    kind: "teardown",
    settings: { target: "swarm", removeVolumes, ...options.settings },
  });
  const untrack = trackRunResult(result);
  const execute = async (): Promise<RunResult> => {
    ctx.emit({ type: "run_started", kind: "teardown", strategy: null, services: [], phases: [] });
    ctx.emit({ type: "run_state", run: { state: "tearing_down" } });
    try {
      const { cleanup, keptVolumes } = await removeSwarmProject({
        engines,
        project,
        order: options.order,
        volumes: removeVolumes ? "all" : "keep",
        onVolumeRemoved: (v) => ctx.log(`removed volume ${v.name} on ${v.node}`),
        onService: (service, state) => {
          const at = ctx.now();
          let timing = result.services.find((t) => t.service === service);
          if (!timing) {
            timing = { ...waitingTiming({ service, phase: "" }), container: `${project}_${service}`, state };
            result.services.push(timing);
          }
          timing.state = state;
          if (state === "removed") timing.removedAt = at;
          ctx.emit({ type: "service_state", service, state, container: timing.container, detail: null });
        },
      });
      const kept = keptVolumesLine(keptVolumes);
      if (kept) ctx.log(kept);
      result.cleanup = cleanup;
      result.status = cleanup.state === "done" ? "torn_down" : "failed";
      if (cleanup.state !== "done")
        result.error = toRunError(new Error(`left on the swarm: ${JSON.stringify(cleanup.leftovers)}`));
    } catch (error) {
      result.error = toRunError(error);
    } finally {
      result.totalMs = ctx.now();
      release();
    }
    ctx.emit({
      type: "run_state",
      run:
        result.status === "torn_down"
          ? { state: "torn_down" }
          : { state: "failed", error: result.error ?? toRunError(new Error("teardown failed")) },
    });
    ctx.emit({ type: "run_finished", result });
    untrack();
    return result;
  };
  return { runId, done: execute() };
};

// The per-node view of a Swarm deploy: each node (role, state, CPUs, memory), the project's tasks on
// it (state, since) and live stats of each running task's container, read from the engine of the
// node it runs on: Swarm has no stats of its own, so a node without an engine shows no figures.
import type Docker from "dockerode";
import { cpuPercentOf, memoryUsedOf, type DockerStatsPayload } from "@/lib/stats/sample";
import type { SwarmEngines } from "./engines";
import { engineOfTask, liveTasks, projectTasks, type TaskPlacement } from "./tasks";

/** Where each service's live tasks run, stored with the run (settings.placement). */
export type StoredPlacement = Record<string, { node: string; state: string; since: string; task: string }[]>;

/** The project's live tasks by service. */
export const placementOf = async ({
  engines,
  project,
}: {
  engines: SwarmEngines;
  project: string;
}): Promise<StoredPlacement> => {
  const placement: StoredPlacement = {};
  for (const t of liveTasks(await projectTasks({ manager: engines.manager, project }))) {
    (placement[t.service] ??= []).push({ node: t.node, state: t.state, since: t.since, task: t.task });
  }
  return placement;
};

export type TaskStats = { cpuPercent: number; memoryBytes: number } | null;

export type SwarmNodeView = {
  id: string;
  hostname: string;
  role: string;
  /** Swarm's node state: ready, down, unknown, disconnected. */
  state: string;
  availability: string;
  address: string | null;
  cpus: number;
  memoryBytes: number;
  /** Whether the panel reaches this node's engine (for probes and stats). */
  engine: boolean;
  tasks: (TaskPlacement & { stats: TaskStats })[];
};

type RawNode = {
  ID: string;
  Spec?: { Role?: string; Availability?: string };
  Description?: { Hostname?: string; Resources?: { NanoCPUs?: number; MemoryBytes?: number } };
  Status?: { State?: string; Addr?: string };
};

/** One reading of a container's CPU and memory from its node's engine (null when it does not answer). */
const statsOf = async (engine: Docker | null, task: TaskPlacement): Promise<TaskStats> => {
  if (!engine || !task.containerId || task.state !== "running") return null;
  try {
    const payload = (await engine
      .getContainer(task.containerId)
      .stats({ stream: false })) as unknown as DockerStatsPayload;
    return { cpuPercent: Math.round(cpuPercentOf(payload) * 10) / 10, memoryBytes: memoryUsedOf(payload) };
  } catch {
    return null;
  }
};

/** Every node of the swarm with the project's live tasks on it and their stats. */
export const swarmNodeView = async ({
  engines,
  project,
}: {
  engines: SwarmEngines;
  project: string;
}): Promise<SwarmNodeView[]> => {
  const [nodes, tasks] = await Promise.all([
    engines.manager.listNodes() as Promise<RawNode[]>,
    projectTasks({ manager: engines.manager, project }),
  ]);
  const live = liveTasks(tasks);
  return Promise.all(
    nodes.map(async (node) => {
      const hostname = node.Description?.Hostname ?? node.ID;
      const engine = engines.nodeEngine({ id: node.ID, hostname });
      const mine = live.filter((t) => t.nodeId === node.ID);
      return {
        id: node.ID,
        hostname,
        role: node.Spec?.Role ?? "worker",
        state: node.Status?.State ?? "unknown",
        availability: node.Spec?.Availability ?? "active",
        address: node.Status?.Addr ?? null,
        cpus: (node.Description?.Resources?.NanoCPUs ?? 0) / 1e9,
        memoryBytes: node.Description?.Resources?.MemoryBytes ?? 0,
        engine: engine !== null,
        tasks: await Promise.all(
          mine.map(async (t) => ({ ...t, stats: await statsOf(engineOfTask(engines, t), t) })),
        ),
      };
    }),
  );
};

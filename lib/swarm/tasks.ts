// Where a service's tasks run, read from the manager: node, state, since, container, error.
import type Docker from "dockerode";
import { LABEL } from "@/lib/docker/labels";
import type { SwarmEngines, SwarmNodeRef } from "./engines";

/** One task of a service: what the per-node view and the stored run show. */
export type TaskPlacement = {
  service: string;
  task: string;
  slot: number | null;
  nodeId: string;
  node: string;
  /** Swarm's task state: new, pending, assigned, preparing, starting, running, complete, failed, shutdown, rejected, orphaned … */
  state: string;
  desiredState: string;
  /** When the task entered its state (ISO 8601). */
  since: string;
  containerId: string | null;
  error: string | null;
};

type RawTask = {
  ID: string;
  Slot?: number;
  NodeID?: string;
  DesiredState?: string;
  Labels?: Record<string, string>;
  Spec?: { ContainerSpec?: { Labels?: Record<string, string> } };
  Status?: { State?: string; Timestamp?: string; Err?: string; ContainerStatus?: { ContainerID?: string } };
};

/** Node id → hostname, as the manager lists them. */
export const nodeNames = async (manager: Docker): Promise<Map<string, string>> => {
  const nodes = (await manager.listNodes()) as { ID: string; Description?: { Hostname?: string } }[];
  return new Map(nodes.map((n) => [n.ID, n.Description?.Hostname ?? n.ID]));
};

/** The project's tasks (of one service when named), newest state first within a slot. */
export const projectTasks = async ({
  manager,
  project,
  service,
}: {
  manager: Docker;
  project: string;
  service?: string;
}): Promise<TaskPlacement[]> => {
  const [tasks, names] = await Promise.all([
    manager.listTasks({
      filters: {
        label: [`${LABEL.project}=${project}`, ...(service ? [`${LABEL.service}=${service}`] : [])],
      },
    }) as Promise<RawTask[]>,
    nodeNames(manager),
  ]);
  return tasks
    .map((t) => ({
      service: t.Spec?.ContainerSpec?.Labels?.[LABEL.service] ?? "",
      task: t.ID,
      slot: t.Slot ?? null,
      nodeId: t.NodeID ?? "",
      node: names.get(t.NodeID ?? "") ?? (t.NodeID ? t.NodeID.slice(0, 12) : "(unassigned)"),
      state: t.Status?.State ?? "new",
      desiredState: t.DesiredState ?? "",
      since: t.Status?.Timestamp ?? "",
      containerId: t.Status?.ContainerStatus?.ContainerID ?? null,
      error: t.Status?.Err ?? null,
    }))
    .sort((a, b) => (a.since < b.since ? 1 : -1));
};

/** The tasks Swarm wants running (its current replicas), not the history of replaced ones. */
export const liveTasks = (tasks: TaskPlacement[]): TaskPlacement[] =>
  tasks.filter((t) => t.desiredState === "running");

/** The engine of a task's node, if the panel has one. */
export const engineOfTask = (engines: SwarmEngines, task: TaskPlacement): Docker | null =>
  task.nodeId ? engines.nodeEngine({ id: task.nodeId, hostname: task.node } satisfies SwarmNodeRef) : null;

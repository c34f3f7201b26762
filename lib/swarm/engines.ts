// The engines a Swarm deploy talks to. Services, tasks and nodes come from a manager; what happens
// inside a task's container (the readiness probe, live stats) only from the engine of the node it
// runs on: Swarm neither execs into tasks on other nodes nor streams their stats. The panel reaches
// each node's engine as an environment of its own (the lab: each node's socket); a node without one
// is still deployed to, its readiness then read from Swarm's task state alone.
import type Docker from "dockerode";

/** A node as the manager lists it. */
export type SwarmNodeRef = { id: string; hostname: string };

export type SwarmEngines = {
  /** An engine that is a manager of the swarm. */
  manager: Docker;
  /** The engine of a node, or null when the panel has none for it. */
  nodeEngine: (node: SwarmNodeRef) => Docker | null;
};

/** Engines by node hostname (the lab and `PANEL_SWARM_NODES` name nodes so). */
export const enginesByHostname = ({
  manager,
  nodes,
}: {
  manager: Docker;
  nodes: Record<string, Docker>;
}): SwarmEngines => ({ manager, nodeEngine: (node) => nodes[node.hostname] ?? null });

/** Whether the engine is an active manager of a swarm (a deploy target), with why not. */
export const swarmManagerState = async (
  docker: Docker,
): Promise<{ ok: true } | { ok: false; why: string }> => {
  const info = (await docker.info()) as { Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean } };
  const state = info.Swarm?.LocalNodeState ?? "inactive";
  if (state !== "active") return { ok: false, why: `the engine is not part of a swarm (state ${state})` };
  if (!info.Swarm?.ControlAvailable) return { ok: false, why: "the engine is a swarm worker, not a manager" };
  return { ok: true };
};

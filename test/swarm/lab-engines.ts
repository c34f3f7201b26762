// The lab's engines (scripts/swarm-lab/up.sh): one socket per node under SWARM_LAB_RUN, named after
// the node's hostname; the first node is the manager.
import { existsSync } from "node:fs";
import Docker from "dockerode";
import { enginesByHostname, type SwarmEngines } from "@/lib/swarm";

export const LAB_RUN = process.env.SWARM_LAB_RUN ?? "/run/swarm-lab";
export const LAB_NODES = ["swl-mgr", "swl-w1", "swl-w2"] as const;
export const labSocket = (node: string) => `${LAB_RUN}/${node}.sock`;

/** Whether the lab is up (its manager's socket exists). */
export const labIsUp = (): boolean => existsSync(labSocket(LAB_NODES[0]));

/** A client per lab node, by hostname. */
export const labNodeClients = (): Record<string, Docker> =>
  Object.fromEntries(LAB_NODES.map((node) => [node, new Docker({ socketPath: labSocket(node) })]));

/** The lab as the Swarm target sees it. */
export const labEngines = (): SwarmEngines => {
  const nodes = labNodeClients();
  return enginesByHostname({ manager: nodes[LAB_NODES[0]] as Docker, nodes });
};

// Where a Swarm run's tasks ran (settings.placement, written by lib/swarm), parsed rather than cast.
import { z } from "zod";

const ZStoredPlacement = z.record(
  z.string(),
  z.array(z.object({ node: z.string(), state: z.string(), since: z.string(), task: z.string() })),
);

export type NodePlacement = { node: string; tasks: { service: string; state: string; since: string }[] };

/** The run's tasks grouped by node (nodes and services sorted), or null for a run not deployed to Swarm. */
export const storedPlacement = (settings: Record<string, unknown>): NodePlacement[] | null => {
  const parsed = ZStoredPlacement.safeParse(settings.placement);
  if (!parsed.success) return null;
  const byNode = new Map<string, NodePlacement["tasks"]>();
  for (const [service, tasks] of Object.entries(parsed.data))
    for (const t of tasks)
      byNode.set(t.node, [...(byNode.get(t.node) ?? []), { service, state: t.state, since: t.since }]);
  return [...byNode]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([node, tasks]) => ({ node, tasks: tasks.sort((a, b) => a.service.localeCompare(b.service)) }));
};

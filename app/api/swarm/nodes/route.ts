import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { swarmNodes } from "@/lib/operations/swarm";

/**
 * The per-node view of a topology on a swarm: `?topology=<name>&environment=<manager>` → every node
 * (role, state, CPUs, memory) with the topology's tasks on it (state, since) and their live stats.
 */
export const GET = route({ access: "viewer" }, async ({ req }) => {
  const query = new URL(req.url).searchParams;
  return json(
    await swarmNodes({ topologyName: query.get("topology") ?? "", environment: query.get("environment") }),
  );
});

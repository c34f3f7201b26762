// `deploy.placement` loads (a Swarm deploy applies it, lib/swarm), but one engine places nothing: a
// single-engine deploy of a file that asks for it is refused before anything is created, naming
// each service and what it asks. Replicas run on one engine too (lib/compose/replicas.ts).
import type { Topology } from "@/lib/compose";
import { AppError } from "@/lib/errors";

/** What a service asks only a Swarm can give ("placement node.role==worker"), or []. */
export const swarmOnlyAsks = (service: Topology["services"][number]): string[] => {
  const swarm = service.swarm;
  if (!swarm) return [];
  return [
    ...swarm.constraints.map((c) => `deploy.placement.constraints ${c}`),
    ...swarm.spread.map((s) => `deploy.placement.preferences spread ${s}`),
  ];
};

/** Throws a 400 when a single-engine deploy would drop a service's placement. */
export const assertNoSwarmOnlyKeys = ({ topology }: { topology: Topology }): void => {
  const asks = topology.services.flatMap((s) => swarmOnlyAsks(s).map((ask) => `${s.name}: ${ask}`));
  if (asks.length > 0)
    throw new AppError(
      "bad_request",
      `This file asks for what only Docker Swarm does (${asks.join("; ")}): deploy it with target "swarm" to an environment that is a Swarm manager, or remove those keys to run here.`,
      { field: "target", asks },
    );
};

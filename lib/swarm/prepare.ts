// Before the first service: the swarm answers as a manager, nothing of the project is deployed yet,
// the bind-mount folders exist (on this machine every node shares the host's files; on separate
// machines they must exist on each node) and the overlay networks are created.
import type { Topology } from "@/lib/compose/types";
import type { EngineGate } from "@/lib/docker/engine-gate";
import { LABEL } from "@/lib/docker/labels";
import { prepareBindSources } from "@/lib/deploy/prepare";
import type { RunContext } from "@/lib/deploy/run-context";
import { AppError } from "@/lib/errors";
import { swarmManagerState, type SwarmEngines } from "./engines";
import { swarmNetworkSpec } from "./service-spec";

export type PrepareSwarmOptions = {
  ctx: RunContext;
  engines: SwarmEngines;
  topology: Topology;
  created: { containers: string[]; networks: string[]; volumes: string[] };
  /** The run's Engine gate: the overlay networks are created through it. */
  gate: EngineGate;
};

/** Checks the target and creates the overlay networks; throws before creating anything when it cannot deploy. */
export const prepareSwarmRun = async ({
  ctx,
  engines,
  topology,
  created,
  gate,
}: PrepareSwarmOptions): Promise<void> => {
  const { manager } = engines;
  const state = await swarmManagerState(manager);
  if (!state.ok) throw new AppError("bad_request", `Cannot deploy to Swarm: ${state.why}.`);
  const existing = await manager.listServices({
    filters: { label: [`${LABEL.project}=${topology.project}`] },
  });
  if (existing.length > 0)
    throw new AppError(
      "conflict",
      `${topology.project} is already deployed on this swarm (${existing.length} services): tear it down first.`,
    );
  const dirs = prepareBindSources({ topology });
  if (dirs.length > 0) ctx.log(`created bind-mount folders: ${dirs.join(", ")}`);
  for (const network of topology.networks.filter((n) => !n.external)) {
    await gate.createNetwork(
      swarmNetworkSpec({ project: topology.project, network, runId: ctx.runId }),
      manager,
    );
    created.networks.push(network.dockerName);
    ctx.log(
      `overlay network ${network.dockerName} (${network.subnets.map((s) => s.subnet).join(", ") || "auto"})`,
    );
  }
};

// Scaling a Swarm service (the guide's "add a node", on several machines): set its replicas and
// time until every replica is ready on its node, by the same readiness as a deploy.
import type { Service } from "@/lib/compose/types";
import { LABEL } from "@/lib/docker/labels";
import { AppError } from "@/lib/errors";
import type { SwarmEngines } from "./engines";
import { waitSwarmServiceReady } from "./readiness";
import type { TaskPlacement } from "./tasks";

export type ScaleSwarmServiceOptions = {
  engines: SwarmEngines;
  project: string;
  service: Service;
  replicas: number;
  intervalMs?: number;
  timeoutMs?: number;
};

export type SwarmScaleResult = {
  service: string;
  from: number;
  to: number;
  /** ms from the update request until every replica was ready. */
  readyMs: number;
  tasks: TaskPlacement[];
};

/** Sets the service's replica count and waits until all are ready; returns the time it took. */
export const scaleSwarmService = async ({
  engines,
  project,
  service,
  replicas,
  intervalMs = 250,
  timeoutMs = 300_000,
}: ScaleSwarmServiceOptions): Promise<SwarmScaleResult> => {
  if (!Number.isInteger(replicas) || replicas < 0)
    throw new AppError("bad_request", `replicas must be a whole number ≥ 0 (got ${replicas})`);
  const [found] = await engines.manager.listServices({
    filters: { label: [`${LABEL.project}=${project}`, `${LABEL.service}=${service.name}`] },
  });
  if (!found) throw new AppError("not_found", `${service.name} of ${project} is not deployed on this swarm.`);
  const handle = engines.manager.getService(found.ID);
  const inspected = (await handle.inspect()) as {
    Version: { Index: number };
    Spec: { Mode?: { Replicated?: { Replicas?: number } } } & Record<string, unknown>;
  };
  const from = inspected.Spec.Mode?.Replicated?.Replicas ?? 1;
  const began = performance.now();
  await handle.update({
    version: inspected.Version.Index,
    ...inspected.Spec,
    Mode: { Replicated: { Replicas: replicas } },
  });
  const tasks = await waitSwarmServiceReady({
    engines,
    project,
    service,
    replicas,
    intervalMs,
    timeoutMs,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
  return { service: service.name, from, to: replicas, readyMs: Math.round(performance.now() - began), tasks };
};

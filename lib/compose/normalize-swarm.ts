// How many and where: `deploy.replicas` (or the legacy `scale`) and `deploy.placement`. A single
// engine runs the replicas as numbered containers (lib/compose/replicas.ts) and places nothing; the
// Swarm target (lib/swarm) turns them into the service spec.
import { asRecord, scalarText } from "./normalize-context";
import type { SwarmPlacement } from "./types";

/** `deploy.replicas` (else `scale`), `deploy.placement.constraints` and `deploy.placement.preferences[].spread`. */
export const normalizeSwarmPlacement = ({
  service,
}: {
  service: Record<string, unknown>;
}): SwarmPlacement => {
  const deploy = asRecord(service.deploy);
  const placement = asRecord(deploy?.placement);
  const replicas = Number(deploy?.replicas ?? service.scale);
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  return {
    replicas: Number.isInteger(replicas) && replicas >= 0 ? replicas : null,
    constraints: list(placement?.constraints).map(scalarText),
    spread: list(placement?.preferences)
      .map((p) => asRecord(p)?.spread)
      .filter((s): s is string => typeof s === "string"),
  };
};

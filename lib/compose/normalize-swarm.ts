// The compose `deploy` keys only a Swarm honours: replicas and placement. A single engine ignores
// them (one container per service); the Swarm target (lib/swarm) turns them into the service spec.
import { asRecord, scalarText } from "./normalize-context";
import type { SwarmPlacement } from "./types";

/** `deploy.replicas`, `deploy.placement.constraints` and `deploy.placement.preferences[].spread`. */
export const normalizeSwarmPlacement = ({
  service,
}: {
  service: Record<string, unknown>;
}): SwarmPlacement => {
  const deploy = asRecord(service.deploy);
  const placement = asRecord(deploy?.placement);
  const replicas = Number(deploy?.replicas);
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  return {
    replicas: Number.isInteger(replicas) && replicas >= 0 ? replicas : null,
    constraints: list(placement?.constraints).map(scalarText),
    spread: list(placement?.preferences)
      .map((p) => asRecord(p)?.spread)
      .filter((s): s is string => typeof s === "string"),
  };
};

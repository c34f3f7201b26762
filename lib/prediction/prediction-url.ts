// Pure: the API v1 address of a topology's prediction (the deploy form and the what-if ask it).
import type { ResourceOverride } from "./what-if";

export type PredictionUrlOptions = {
  topology: string;
  strategy: string;
  fit: string;
  /** Fresh data: match cold runs only. */
  freshData?: boolean;
  override?: ResourceOverride | null;
};

/** `/api/v1/topologies/{name}/prediction?…` for the choice, with the what-if's service and limits when given. */
export const predictionUrl = ({
  topology,
  strategy,
  fit,
  freshData = false,
  override = null,
}: PredictionUrlOptions) => {
  const query = new URLSearchParams({ strategy, fit });
  if (freshData) query.set("data", "cold");
  if (override) {
    query.set("service", override.service);
    if (typeof override.cpus === "number") query.set("cpus", String(override.cpus));
    if (typeof override.memoryBytes === "number") query.set("memoryBytes", String(override.memoryBytes));
  }
  return `/api/v1/topologies/${encodeURIComponent(topology)}/prediction?${query}`;
};

// How a stored run's cleanup reads on its page: what Docker said after the panel removed things.
import type { StoredCleanupState } from "@/lib/db/run-columns";
import type { RunLeftovers } from "@/lib/deploy/types";

/** "done: Docker lists nothing of the run", "pending: …", "failed: 2 left (a, b)", or "—". */
export const cleanupText = ({
  cleanupState,
  cleanupLeftovers,
}: {
  cleanupState: StoredCleanupState | null;
  cleanupLeftovers: RunLeftovers | null;
}): string => {
  if (cleanupState === null) return "—";
  if (cleanupState === "done") return "done: Docker lists nothing of the run";
  if (cleanupState === "pending")
    return "pending: waiting for the Docker engine (or a tear down from the dashboard)";
  const names = cleanupLeftovers
    ? [...cleanupLeftovers.containers, ...cleanupLeftovers.networks, ...cleanupLeftovers.volumes]
    : [];
  return names.length > 0
    ? `failed: Docker still lists ${names.length} (${names.join(", ")})`
    : "failed: Docker did not say what is left";
};

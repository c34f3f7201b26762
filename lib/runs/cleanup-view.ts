// How a stored run's cleanup reads on its page: what Docker said after the panel removed things.
import { z } from "zod";

const ZLeftovers = z.object({
  containers: z.array(z.string()),
  networks: z.array(z.string()),
  volumes: z.array(z.string()),
});

/** "done: Docker lists nothing of the run", "pending: …", "failed: 2 left (a, b)", or "—". */
export const cleanupText = ({
  cleanupState,
  cleanupLeftovers,
}: {
  cleanupState: string | null;
  cleanupLeftovers: string | null;
}): string => {
  if (cleanupState === null) return "—";
  if (cleanupState === "done") return "done: Docker lists nothing of the run";
  if (cleanupState === "pending")
    return "pending: waiting for the Docker engine (or a tear down from the dashboard)";
  const parsed = ZLeftovers.safeParse(cleanupLeftovers ? (JSON.parse(cleanupLeftovers) as unknown) : null);
  const names = parsed.success
    ? [...parsed.data.containers, ...parsed.data.networks, ...parsed.data.volumes]
    : [];
  return names.length > 0
    ? `failed: Docker still lists ${names.length} (${names.join(", ")})`
    : "failed: Docker did not say what is left";
};

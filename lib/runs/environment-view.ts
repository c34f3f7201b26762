// How an environment's last connection test reads in a table (a view-model, so the page only renders).
import { z } from "zod";
import type { EnvironmentView } from "@/lib/db/environments";
import { formatBytes } from "@/lib/format";

// The engine facts a passed test stored (lib/docker/engine-connection.ts probeEngine), each optional.
const ZStoredProbe = z.object({
  version: z.string().optional(),
  apiVersion: z.string().optional(),
  cpus: z.number().optional(),
  memoryBytes: z.number().optional(),
  swarmState: z.string().optional(),
  swarmManager: z.boolean().optional(),
});

const probeOf = (detail: string) => {
  try {
    return ZStoredProbe.safeParse(JSON.parse(detail)).data ?? null;
  } catch {
    return null;
  }
};

/** "Docker 27.3 (API 1.47) · 8 CPUs · 31.2 GiB · swarm inactive", the error, or "—". */
export const lastCheckText = (
  env: Pick<EnvironmentView, "lastCheckAt" | "lastCheckOk" | "lastCheckDetail">,
): string => {
  if (!env.lastCheckAt || env.lastCheckDetail === null) return "—";
  if (!env.lastCheckOk) return `failed: ${env.lastCheckDetail}`;
  const probe = probeOf(env.lastCheckDetail);
  if (!probe) return env.lastCheckDetail;
  return [
    `Docker ${probe.version ?? "?"} (API ${probe.apiVersion ?? "?"})`,
    `${probe.cpus ?? "?"} CPUs`,
    probe.memoryBytes === undefined ? "? memory" : formatBytes(probe.memoryBytes),
    `swarm ${probe.swarmState ?? "?"}${probe.swarmManager ? " (manager)" : ""}`,
  ].join(" · ");
};

/**
 * Whether the environment's last passed connection test found a Swarm manager (so the dashboard
 * offers Swarm as a deploy target and shows the per-node view). A failed or missing test says no.
 */
export const isSwarmManager = (env: Pick<EnvironmentView, "lastCheckOk" | "lastCheckDetail">): boolean =>
  env.lastCheckOk === true &&
  env.lastCheckDetail !== null &&
  probeOf(env.lastCheckDetail)?.swarmManager === true;

/** "TLS (CA, cert, key)", "ssh key · host key SHA256:…" (or "not pinned: test it"), or "none". */
export const credentialsText = (
  env: Pick<EnvironmentView, "hasTls" | "hasSshKey"> & { hostKeyFingerprints: string[] },
): string => {
  if (env.hasTls) return "TLS (CA, cert, key)";
  if (!env.hasSshKey) return "none";
  return env.hostKeyFingerprints.length
    ? `ssh key · host key ${env.hostKeyFingerprints.join(", ")}`
    : "ssh key · host key not pinned: test it";
};

type Named = Pick<EnvironmentView, "id" | "name">;

/**
 * The runs query's environmentId for a `?environment=<name or id>`: undefined (all), null (local)
 * or an id. A value that names no environment is taken as the id runs store, so the runs of a
 * removed environment stay reachable by the id they show, and anything else matches no run
 * (rather than every run).
 */
export const environmentFilterOf = (
  environments: Named[],
  nameOrId: string | undefined,
): string | null | undefined => {
  if (!nameOrId) return undefined;
  if (nameOrId === "local") return null;
  return environments.find((e) => e.name === nameOrId || e.id === nameOrId)?.id ?? nameOrId;
};

/** A run's environment as a person reads it: "local", the name, or "(removed)". */
export const environmentNamer =
  (environments: Named[]) =>
  (environmentId: string | null): string =>
    environmentId === null
      ? "local"
      : (environments.find((e) => e.id === environmentId)?.name ?? "(removed)");

// How an environment's last connection test reads in a table (a view-model, so the page only renders).
import type { EnvironmentView } from "@/lib/db/environments";
import { formatBytes } from "@/lib/format";

/** "Docker 27.3 (API 1.47) · 8 CPUs · 31.2 GiB · swarm inactive", the error, or "—". */
export const lastCheckText = (
  env: Pick<EnvironmentView, "lastCheckAt" | "lastCheckOk" | "lastCheckDetail">,
): string => {
  if (!env.lastCheckAt || env.lastCheckDetail === null) return "—";
  if (!env.lastCheckOk) return `failed: ${env.lastCheckDetail}`;
  try {
    const probe = JSON.parse(env.lastCheckDetail) as {
      version?: string;
      apiVersion?: string;
      cpus?: number;
      memoryBytes?: number;
      swarmState?: string;
      swarmManager?: boolean;
    };
    return [
      `Docker ${probe.version ?? "?"} (API ${probe.apiVersion ?? "?"})`,
      `${probe.cpus ?? "?"} CPUs`,
      probe.memoryBytes === undefined ? "? memory" : formatBytes(probe.memoryBytes),
      `swarm ${probe.swarmState ?? "?"}${probe.swarmManager ? " (manager)" : ""}`,
    ].join(" · ");
  } catch {
    return env.lastCheckDetail;
  }
};

type Named = Pick<EnvironmentView, "id" | "name">;

/** The runs query's environmentId for a `?environment=<name>`: undefined (all), null (local) or an id. */
export const environmentFilterOf = (
  environments: Named[],
  name: string | undefined,
): string | null | undefined => {
  if (!name) return undefined;
  if (name === "local") return null;
  // An unknown name matches nothing rather than everything.
  return environments.find((e) => e.name === name)?.id ?? `unknown:${name}`;
};

/** A run's environment as a person reads it: "local", the name, or "(removed)". */
export const environmentNamer =
  (environments: Named[]) =>
  (environmentId: string | null): string =>
    environmentId === null
      ? "local"
      : (environments.find((e) => e.id === environmentId)?.name ?? "(removed)");

// Labels that make the panel's objects Compose's objects too (`docker compose -p <project> ps/down`),
// plus ours, so the panel finds its containers again after a restart.
import { createHash } from "node:crypto";

export const LABEL = {
  project: "com.docker.compose.project",
  service: "com.docker.compose.service",
  containerNumber: "com.docker.compose.container-number",
  oneoff: "com.docker.compose.oneoff",
  configHash: "com.docker.compose.config-hash",
  configFiles: "com.docker.compose.project.config_files",
  workingDir: "com.docker.compose.project.working_dir",
  network: "com.docker.compose.network",
  volume: "com.docker.compose.volume",
  version: "com.docker.compose.version",
  runId: "org.ollamamax.run-id",
  managed: "org.ollamamax.managed",
  dependsOn: "org.ollamamax.depends-on",
  /** The file's restart policy, applied once the run is ready (containers are created with "no"). */
  restartPolicy: "org.ollamamax.restart-policy",
  /**
   * The deploy's name of a replica ("worker-2", lib/compose/replicas.ts), where the Compose label
   * names the file's service ("worker") shared by every replica.
   */
  replica: "org.ollamamax.replica",
} as const;

/** The service a container is in the panel's runs: a replica's own name, else the Compose service. */
export const serviceLabelOf = (labels: Record<string, string> | undefined | null): string | undefined =>
  labels?.[LABEL.replica] ?? labels?.[LABEL.service];

/** The Compose version the labels imitate (docker-compose 1.29 and Compose v2 both accept it). */
export const COMPOSE_VERSION_LABEL = "2.20.0";

const sortKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, inner]) => [key, sortKeys(inner)]),
    );
  }
  return value;
};

/** sha256 of a value's JSON with sorted keys: equal configurations hash equal. */
export const configHash = (value: unknown): string =>
  createHash("sha256")
    .update(JSON.stringify(sortKeys(value)))
    .digest("hex");

/** Docker `label=` filters selecting every object of a Compose project. */
export const projectFilter = (project: string): { label: string[] } => ({
  label: [`${LABEL.project}=${project}`],
});

/**
 * Docker `label=` filters selecting the project's containers the panel itself created (its managed
 * label): what a viewer may read (logs) or a rule may act on (restart). A container someone started
 * with `docker compose -p <the same name>` carries the project label only.
 */
export const managedProjectFilter = (project: string): { label: string[] } => ({
  label: [...projectFilter(project).label, `${LABEL.managed}=true`],
});

/** Docker `label=` filters selecting what one panel run created. */
export const runFilter = (runId: string): { label: string[] } => ({ label: [`${LABEL.runId}=${runId}`] });

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
} as const;

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

/** Docker `label=` filters selecting what one panel run created. */
export const runFilter = (runId: string): { label: string[] } => ({ label: [`${LABEL.runId}=${runId}`] });

import { basename } from "node:path";

/** Compose's project name rules: lowercase, only a-z 0-9 _ -, not starting with _ or -. */
export const normalizeProjectName = ({ name }: { name: string }): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "")
    .replace(/^[_-]+/, "");

/**
 * The project name as Compose v2 decides it: COMPOSE_PROJECT_NAME (the folder's .env) first, then
 * the top-level `name:`, else the compose file's folder name.
 */
export const projectNameOf = ({
  declared,
  dir,
  fromEnv,
}: {
  declared: unknown;
  dir: string;
  fromEnv?: string;
}): string => {
  const fromVariable = fromEnv ? normalizeProjectName({ name: fromEnv }) : "";
  const fromName = typeof declared === "string" ? normalizeProjectName({ name: declared }) : "";
  return fromVariable || fromName || normalizeProjectName({ name: basename(dir) }) || "default";
};

/**
 * The container name Compose v2 would give: `container_name`, else `<project>-<service>-<n>`, n the
 * replica's number (1 for a service of one container; lib/compose/replicas.ts numbers the others).
 */
export const containerNameOf = ({
  service,
  project,
}: {
  service: { name: string; containerName: string | null; replica?: { service: string; number: number } };
  project: string;
}): string =>
  service.containerName ??
  (service.replica
    ? `${project}-${service.replica.service}-${service.replica.number}`
    : `${project}-${service.name}-1`);

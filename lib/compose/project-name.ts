import { basename } from "node:path";

/** Compose's project name rules: lowercase, only a-z 0-9 _ -, not starting with _ or -. */
export const normalizeProjectName = ({ name }: { name: string }): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "")
    .replace(/^[_-]+/, "");

/** The project name: top-level `name:` when given, else the compose file's folder name. */
export const projectNameOf = ({ declared, dir }: { declared: unknown; dir: string }): string => {
  const fromName = typeof declared === "string" ? normalizeProjectName({ name: declared }) : "";
  return fromName !== "" ? fromName : normalizeProjectName({ name: basename(dir) }) || "default";
};

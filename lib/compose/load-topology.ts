import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { readDotEnv } from "../dot-env";
import { mountedReferences } from "./mounted-references";
import type { Env } from "./interpolate";
import { parseTopology } from "./parse-topology";
import type { LoadResult } from "./types";

/** Options of loadTopology. */
export type LoadTopologyOptions = {
  file: string;
  /** Process env and run overrides, merged by the caller; they win over the folder's .env. */
  env?: Env;
  publishHost?: string;
  /**
   * Read the `.env` beside the file (default true). False when `env` already holds it, as the
   * panel's clusterEnv does: the file would be read twice for values `env` overrides anyway.
   */
  folderEnv?: boolean;
  /**
   * Fill Topology.mountedReferences (default true). Reading every bind-mounted file costs I/O
   * that only deploy planning pays back, so display paths turn it off.
   */
  mountedReferences?: boolean;
};

/** Reads a compose file and the `.env` beside it, then parses it (see parseTopology). */
export const loadTopology = ({
  file,
  env = {},
  publishHost,
  folderEnv = true,
  mountedReferences: withReferences = true,
}: LoadTopologyOptions): LoadResult => {
  const absolute = resolve(file);
  let text: string;
  let dotEnv: Record<string, string>;
  try {
    text = readFileSync(absolute, "utf8");
    dotEnv = folderEnv ? readDotEnv({ file: join(dirname(absolute), ".env") }) : {};
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : (error as Error).message;
    return {
      ok: false,
      errors: [
        {
          code: "file_not_found",
          message: `cannot read ${absolute}: ${reason}`,
          file: absolute,
          line: null,
          path: null,
        },
      ],
    };
  }
  const result = parseTopology({ text, file: absolute, env: { ...dotEnv, ...env }, publishHost });
  if (!result.ok || !withReferences) return result;
  return {
    ...result,
    topology: { ...result.topology, mountedReferences: mountedReferences({ topology: result.topology }) },
  };
};

/** A folder under topologies/ and the compose files in it. */
export type TopologyEntry = { name: string; dir: string; files: string[] };

const COMPOSE_FILE = /^(docker-)?compose.*\.ya?ml$/;

/** Lists each sub-folder of `root` that holds compose files (docker-compose*.yml, compose*.yaml). */
export const listTopologies = ({ root }: { root: string }): TopologyEntry[] => {
  const base = resolve(root);
  let names: string[];
  try {
    names = readdirSync(base).sort();
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const dir = join(base, name);
    if (!statSync(dir).isDirectory()) return [];
    const files = readdirSync(dir)
      .filter((file) => COMPOSE_FILE.test(file))
      .sort()
      .map((file) => join(dir, file));
    return files.length > 0 ? [{ name, dir, files }] : [];
  });
};

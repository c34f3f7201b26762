import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { readProjectDotEnv } from "./env-file";
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
  /** Override files merged over `file` in order (listTopologies finds compose.override.yaml & co). */
  overrideFiles?: string[];
  /** Profiles to enable (default: none, so only services without profiles). */
  profiles?: string[];
};

/** Reads a compose file and the `.env` beside it, then parses it (see parseTopology). */
export const loadTopology = ({
  file,
  env = {},
  publishHost,
  folderEnv = true,
  mountedReferences: withReferences = true,
  overrideFiles,
  profiles,
}: LoadTopologyOptions): LoadResult => {
  const absolute = resolve(file);
  let text: string;
  let dotEnv: Record<string, string>;
  try {
    text = readFileSync(absolute, "utf8");
    dotEnv = folderEnv ? readProjectDotEnv({ file: join(dirname(absolute), ".env"), env }) : {};
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
  const result = parseTopology({
    text,
    file: absolute,
    env: { ...dotEnv, ...env },
    publishHost,
    overrideFiles,
    profiles,
  });
  if (!result.ok || !withReferences) return result;
  return {
    ...result,
    topology: { ...result.topology, mountedReferences: mountedReferences({ topology: result.topology }) },
  };
};

/**
 * A folder under topologies/ and the compose files in it: `files[0]` is the base file, `overrides`
 * the override files Compose merges over it by default (compose.override.yaml and the like).
 */
export type TopologyEntry = { name: string; dir: string; files: string[]; overrides: string[] };

const COMPOSE_FILE = /^(docker-)?compose.*\.ya?ml$/;
const OVERRIDE_FILE = /\.override\.ya?ml$/;

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
    const names = readdirSync(dir)
      .filter((file) => COMPOSE_FILE.test(file))
      .sort();
    const overrides = names.filter((file) => OVERRIDE_FILE.test(file)).map((file) => join(dir, file));
    const bases = names.filter((file) => !OVERRIDE_FILE.test(file)).map((file) => join(dir, file));
    // An override file alone is no project: Compose needs the base file it overrides.
    return bases.length > 0 ? [{ name, dir, files: [...bases, ...overrides], overrides }] : [];
  });
};

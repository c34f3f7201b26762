import { createHash } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { globalSingleton } from "@/lib/global-singleton";
import { readConfinedFile, readFolderFileSync } from "./confined-file";
import { envFileValues, parseEnvFile } from "./env-file";
import { MAX_CONFIG_BYTES, mountedReferences } from "./mounted-references";
import { emptyTopologyFiles, readVariablesOf } from "./topology-files";
import type { ApprovedFile, FileRead, ReadVariable } from "./topology-files";
import type { Env } from "./interpolate";
import { parseTopology } from "./parse-topology";
import { chooseComposeFiles } from "./project-files";
import type { FileChoice } from "./project-files";
import type { LoadResult } from "./types";

/** Options of loadTopology. */
export type LoadTopologyOptions = {
  file: string;
  /** The base file's text when the caller holds it (a file being added); else it is read. */
  text?: string;
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
  /** Files outside the topology's folder an admin approved (real path and content hash). */
  approvedFiles?: readonly ApprovedFile[];
};

/** A load's result, and every value of every env file it read (display redacts them all). */
export type LoadedTopology = LoadResult & { readVariables: ReadVariable[] };

/** At most this many passes of read-then-parse: each pass reads the files the last one named. */
const MAX_READ_ROUNDS = 16;

/** What one load read: every file by path (the base file included) and the bind-mounted files' texts. */
type LoadReads = { reads: Map<string, FileRead>; mounted: Map<string, FileRead> };
type Remembered = LoadReads & { loaded: LoadedTopology };

/** Loads remembered per options; the oldest goes beyond this many. */
const REMEMBERED_LOADS = 64;
const remembered = () => globalSingleton("compose-loads", () => new Map<string, Remembered>());

const counts = () => globalSingleton("compose-load-counts", () => ({ parsed: 0, remembered: 0 }));

/** How many loads of this process parsed their files, and how many answered a remembered result. */
export const composeLoadCounts = (): { parsed: number; remembered: number } => ({ ...counts() });

const sameRead = (a: FileRead | undefined, b: FileRead): boolean =>
  a !== undefined &&
  (a.ok && b.ok
    ? a.sha256 === b.sha256 && a.realPath === b.realPath
    : !a.ok && !b.ok && a.reason === b.reason);

const sorted = (env: Env) => Object.fromEntries(Object.entries(env).sort(([a], [b]) => (a < b ? -1 : 1)));

const optionsKey = (o: LoadTopologyOptions): string =>
  createHash("sha256")
    .update(
      JSON.stringify([
        resolve(o.file),
        o.text === undefined ? null : o.text,
        sorted(o.env ?? {}),
        o.publishHost ?? null,
        o.folderEnv ?? true,
        o.mountedReferences ?? true,
        o.overrideFiles ?? [],
        o.profiles ?? null,
        o.approvedFiles ?? [],
      ]),
    )
    .digest("hex");

/** Whether every file the remembered load read reads the same now (same real path and sha256). */
const stillTheSame = async (memo: Remembered, o: LoadTopologyOptions): Promise<boolean> => {
  const dir = dirname(resolve(o.file));
  const approved = o.approvedFiles ?? [];
  const checks = [
    ...[...memo.reads].map(async ([path, before]) =>
      sameRead(before, await readConfinedFile({ path, dir, approved })),
    ),
    ...[...memo.mounted].map(async ([path, before]) =>
      sameRead(before, await readConfinedFile({ path, dir, maxBytes: MAX_CONFIG_BYTES })),
    ),
  ];
  return (await Promise.all(checks)).every(Boolean);
};

/**
 * Reads a compose file, the `.env` beside it and every file they name through the confined reader
 * (confined-file.ts), then parses it (see parseTopology). The parser names the files it needs;
 * they are read asynchronously and the parse runs again until it needs nothing new.
 *
 * Parsing is the cost (tens of ms for the shipped files; reading them is well under one): a load
 * with the same options whose files all read the same again (real path and sha256, each read
 * through the same confined reader) answers a copy of the remembered result instead of parsing.
 */
export const loadTopology = async (options: LoadTopologyOptions): Promise<LoadedTopology> => {
  const key = optionsKey(options);
  const memo = remembered().get(key);
  if (memo && (await stillTheSame(memo, options))) {
    counts().remembered += 1;
    return structuredClone(memo.loaded);
  }
  counts().parsed += 1;
  const reads: LoadReads = { reads: new Map(), mounted: new Map() };
  const loaded = await loadFresh(options, reads);
  const memos = remembered();
  memos.delete(key);
  memos.set(key, { ...reads, loaded: structuredClone(loaded) });
  for (const oldest of memos.keys()) {
    if (memos.size <= REMEMBERED_LOADS) break;
    memos.delete(oldest);
  }
  return loaded;
};

const loadFresh = async (
  {
    file,
    text: givenText,
    env = {},
    publishHost,
    folderEnv = true,
    mountedReferences: withReferences = true,
    overrideFiles,
    profiles,
    approvedFiles = [],
  }: LoadTopologyOptions,
  seen: LoadReads,
): Promise<LoadedTopology> => {
  const absolute = resolve(file);
  const dir = dirname(absolute);
  const files = emptyTopologyFiles();
  const read = async (path: string) => {
    const got = await readConfinedFile({ path, dir, approved: approvedFiles });
    seen.reads.set(path, got);
    return got;
  };
  const base = givenText === undefined ? await read(absolute) : null;
  if (base && !base.ok)
    return {
      ok: false,
      readVariables: [],
      errors: [
        {
          code: "file_not_found",
          message: `cannot read ${absolute}: ${base.reason === "missing" ? "file not found" : "not a regular file the panel may read"}`,
          file: absolute,
          line: null,
          path: null,
        },
      ],
    };
  const text = base?.ok ? base.text : (givenText ?? "");
  let dotEnv: Record<string, string> = {};
  if (folderEnv) {
    const dotEnvFile = join(dir, ".env");
    files.reads.set(dotEnvFile, await read(dotEnvFile));
    const values = envFileValues({ files, entry: { path: dotEnvFile, required: false, format: null }, env });
    dotEnv = values.ok ? values.values : {};
  }
  let result: LoadResult = { ok: false, errors: [] };
  for (let round = 0; round < MAX_READ_ROUNDS; round += 1) {
    files.wanted.clear();
    result = parseTopology({
      text,
      file: absolute,
      env: { ...dotEnv, ...env },
      publishHost,
      overrideFiles,
      profiles,
      files,
    });
    const wanted = [...files.wanted].filter((path) => !files.reads.has(path));
    if (wanted.length === 0) break;
    const reads = await Promise.all(wanted.map(read));
    wanted.forEach((path, index) => files.reads.set(path, reads[index] ?? { ok: false, reason: "refused" }));
  }
  const readVariables = readVariablesOf(files);
  if (!result.ok || !withReferences) return { ...result, readVariables };
  const texts = new Map<string, string>();
  const sources = [
    ...new Set(
      result.topology.services.flatMap((s) =>
        s.volumes.flatMap((v) => (v.type === "bind" ? [v.source] : [])),
      ),
    ),
  ];
  await Promise.all(
    sources.map(async (source) => {
      const got = await readConfinedFile({ path: source, dir, maxBytes: MAX_CONFIG_BYTES });
      seen.mounted.set(source, got);
      if (got.ok) texts.set(source, got.text);
    }),
  );
  return {
    ...result,
    readVariables,
    topology: {
      ...result.topology,
      mountedReferences: mountedReferences({ topology: result.topology, texts }),
    },
  };
};

/**
 * A folder under topologies/ and the compose files of its project: `files[0]` is the base file,
 * `overrides` the files merged over it (project-files.ts says how they are chosen).
 */
export type TopologyEntry = { name: string; dir: string; files: string[]; overrides: string[] } & Pick<
  FileChoice,
  "chosenBy" | "candidates" | "note" | "problem"
>;

/** The entry of one folder: its files chosen as Compose does, or as `requested` (names in it). */
export const topologyEntry = ({
  name,
  dir,
  requested,
}: {
  name: string;
  dir: string;
  requested?: string[];
}): TopologyEntry => {
  // COMPOSE_FILE comes from the folder's .env, parsed as it is for interpolation and read through
  // the confined reader's listing read (a regular file in the folder: never a FIFO, a folder or a
  // link out of it).
  const dotEnvText = readFolderFileSync({ dir, name: ".env" });
  const dotEnv = dotEnvText === null ? {} : parseEnvFile({ text: dotEnvText, env: {}, format: null });
  const choice = chooseComposeFiles({
    dir,
    names: readdirSync(dir),
    composeFile: dotEnv.COMPOSE_FILE,
    pathSeparator: dotEnv.COMPOSE_PATH_SEPARATOR,
    requested,
  });
  return { name, dir, files: choice.files, overrides: choice.files.slice(1), ...pickChoice(choice) };
};

const pickChoice = ({ chosenBy, candidates, note, problem }: FileChoice) => ({
  chosenBy,
  candidates,
  note,
  problem,
});

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
    const entry = topologyEntry({ name, dir });
    // An override file alone is no project: Compose needs the base file it overrides.
    return entry.files.length > 0 || entry.problem ? [entry] : [];
  });
};

// The project's files into one compose document, as Compose builds its model: each file read and
// interpolated, its `extends` resolved, the files merged in order (base, then override files), then
// the top-level `include`s loaded as projects of their own and copied in (14-include.md).
import { isDeepStrictEqual } from "node:util";
import { dirname, resolve } from "node:path";
import { envFileValues } from "./env-file";
import { readComposeFile } from "./compose-file";
import type { ComposeFile } from "./compose-file";
import { resolveExtends } from "./extends";
import type { ReadFile } from "./extends";
import type { Env } from "./interpolate";
import { mergeDocuments } from "./merge";
import { asRecord, scalarText } from "./normalize-context";
import { rebaseFileResources, rebaseService } from "./rebase-paths";
import { emptyTopologyFiles, lookupFile, refusedFileText, unreadFileText } from "./topology-files";
import type { TopologyFiles } from "./topology-files";
import type { EmptiedValues } from "./interpolate-tree";
import type { ComposeIssue } from "./types";
import { formatPath, lineOfPath } from "./yaml-source";
import type { YamlSource } from "./yaml-source";

type Mapping = Record<string, unknown>;

/** The merged document and where it came from. */
export type LoadedModel = {
  document: Mapping;
  /** The base file's source: lines of the merged model are looked up there. */
  source: YamlSource;
  /** Every compose file read, in order (base, overrides, extends bases, includes). */
  files: { file: string; text: string }[];
  warnings: ComposeIssue[];
  requiredVariables: { name: string; message: string }[];
  /** Services first written in another file than the base (override, include): that file. */
  origins: Record<string, YamlSource>;
  /** Values that used unset variables, across the files read (interpolateTree). */
  emptied: EmptiedValues;
};

export type LoadModelOptions = {
  file: string;
  /** The base file's text when the caller holds it; other files are read from disk. */
  text?: string;
  /** Override files merged over the base, in order. */
  overrides?: string[];
  env: Env;
  /** Files of the include chain above this one, to refuse include cycles. */
  including?: string[];
  /** What the confined reader read (every other file is looked up there, never on disk). */
  files?: TopologyFiles;
};

const RESOURCES = ["services", "networks", "volumes", "secrets", "configs"] as const;
const MAX_INCLUDE_DEPTH = 10;

type Result = { ok: true; value: LoadedModel } | { ok: false; errors: ComposeIssue[] };

const includeEntries = (value: unknown, dir: string) =>
  (Array.isArray(value) ? value : []).map((item) => {
    const long = asRecord(item);
    const rawPaths = long ? long.path : item;
    const written = (Array.isArray(rawPaths) ? rawPaths : [rawPaths]).map(scalarText);
    const paths = written.map((p) => resolve(dir, p));
    const projectDir = long?.project_directory
      ? resolve(dir, scalarText(long.project_directory))
      : dirname(paths[0] ?? dir);
    // `written` null: the included project's own .env, which the file does not name.
    const envFiles: { path: string; written: string | null; at: number[] }[] =
      long?.env_file === undefined
        ? [{ path: resolve(projectDir, ".env"), written: null, at: [] }]
        : Array.isArray(long.env_file)
          ? long.env_file.map((f, at) => ({
              path: resolve(dir, scalarText(f)),
              written: scalarText(f),
              at: [at],
            }))
          : [{ path: resolve(dir, scalarText(long.env_file)), written: scalarText(long.env_file), at: [] }];
    return { paths, written, projectDir, envFiles };
  });

/** Reads and merges the project's files; every problem located, never thrown. */
export const loadModel = (options: LoadModelOptions): Result => {
  const { file, text, overrides = [], env, including = [], files: snapshot = emptyTopologyFiles() } = options;
  const cache = new Map<string, ReturnType<ReadFile>>();
  const files: LoadedModel["files"] = [];
  const readFile: ReadFile = (path) => {
    const cached = cache.get(path);
    if (cached) return cached;
    const got =
      path === file && text !== undefined
        ? { ok: true as const, text }
        : lookupFile({ files: snapshot, path });
    const read: ReturnType<ReadFile> =
      got === null || !got.ok
        ? {
            ok: false,
            refused: true,
            errors: [
              {
                code: "file_not_found",
                message:
                  got === null ? unreadFileText({ written: path }) : refusedFileText({ written: path }),
                file: path,
                line: null,
                path: null,
              },
            ],
          }
        : readComposeFile({ file: path, env, text: got.text });
    cache.set(path, read);
    if (read.ok) files.push({ file: path, text: read.value.text });
    return read;
  };
  const errors: ComposeIssue[] = [];
  const loaded: ComposeFile[] = [];
  for (const path of [file, ...overrides]) {
    const read = readFile(path);
    if (read.ok) loaded.push(read.value);
    else errors.push(...read.errors);
  }
  const base = loaded[0];
  if (!base || errors.length > 0) return { ok: false, errors };
  let document: Mapping = {};
  const origins: Record<string, YamlSource> = {};
  for (const composeFile of loaded) {
    for (const name of Object.keys(asRecord(composeFile.document.services) ?? {}))
      if (composeFile !== base && !(name in (asRecord(document.services) ?? {})))
        origins[name] = composeFile.source;
    const extended = resolveExtends({ file: composeFile, readFile });
    errors.push(...extended.errors);
    const own = { ...composeFile.document, services: extended.services };
    document =
      composeFile === base ? own : mergeDocuments({ base: document, over: own, tags: composeFile.tags });
  }
  const warnings = [...cache.values()].flatMap((read) => (read.ok ? read.value.warnings : []));
  const requiredVariables = [...cache.values()].flatMap((read) =>
    read.ok ? read.value.requiredVariables : [],
  );
  const emptied: EmptiedValues = Object.assign(
    {},
    ...[...cache.values()].map((read) => (read.ok ? read.value.emptied : {})),
  ) as EmptiedValues;

  const located = (path: (string | number)[], message: string): ComposeIssue => ({
    code: "invalid_value",
    message: `${formatPath(path)}: ${message}`,
    file: base.file,
    line: lineOfPath({ source: base.source, path }),
    path: formatPath(path),
  });
  includeEntries(document.include, dirname(file)).forEach((entry, index) => {
    const [first, ...rest] = entry.paths;
    if (!first) return;
    if (including.includes(first) || first === file || including.length >= MAX_INCLUDE_DEPTH) {
      errors.push(located(["include", index], `include cycle: ${[...including, file, first].join(" → ")}`));
      return;
    }
    const fromFiles: Env = {};
    let unreadable = false;
    entry.paths.forEach((path, at) => {
      const got = lookupFile({ files: snapshot, path });
      if (got !== null && got.ok) return;
      unreadable = true;
      const written = entry.written[at] ?? path;
      errors.push(
        located(
          ["include", index],
          got === null ? unreadFileText({ written }) : refusedFileText({ written }),
        ),
      );
    });
    if (unreadable) return;
    for (const envFile of entry.envFiles) {
      const read = envFileValues({
        files: snapshot,
        entry: { path: envFile.path, required: false, format: null },
        env: { ...fromFiles, ...env },
      });
      if (read.ok) Object.assign(fromFiles, read.values);
      // Missing: empty (Compose's default .env of the included project is optional). The default
      // .env is not named by the file: refused (outside the folder), it is left out unsaid.
      else if (read.reason === "unread" || (read.reason === "refused" && envFile.written !== null)) {
        unreadable = true;
        const written = envFile.written ?? envFile.path;
        errors.push(
          located(
            envFile.written === null ? ["include", index] : ["include", index, "env_file", ...envFile.at],
            read.reason === "refused" ? refusedFileText({ written }) : unreadFileText({ written }),
          ),
        );
      }
    }
    if (unreadable) return;
    const ownEnv: Env = { ...fromFiles, ...env };
    const included = loadModel({
      file: first,
      overrides: rest,
      env: ownEnv,
      including: [...including, file],
      files: snapshot,
    });
    if (!included.ok) {
      // Kept as they are (file, line, variable): a missing variable there is missing here too.
      for (const error of included.errors)
        errors.push({
          ...error,
          message: `${error.message} (in ${first}, included at include.${index} of ${file})`,
        });
      return;
    }
    files.push(...included.value.files);
    warnings.push(...included.value.warnings);
    requiredVariables.push(...included.value.requiredVariables);
    for (const section of RESOURCES) {
      const incoming = asRecord(included.value.document[section]) ?? {};
      const target: Mapping = { ...(asRecord(document[section]) ?? {}) };
      for (const [name, raw] of Object.entries(incoming)) {
        const value =
          section === "services"
            ? rebaseService({ service: asRecord(raw) ?? {}, dir: entry.projectDir })
            : section === "secrets" || section === "configs"
              ? rebaseFileResources({ value: { [name]: raw }, dir: entry.projectDir })[name]
              : raw;
        if (name in target && !isDeepStrictEqual(target[name], value))
          errors.push(
            located(
              [section, name],
              `"${name}" is declared here and in the included file ${first}: rename one (Compose does not merge included resources)`,
            ),
          );
        else {
          target[name] = value;
          if (section === "services") origins[name] = included.value.origins[name] ?? included.value.source;
        }
      }
      if (Object.keys(target).length > 0) document[section] = target;
    }
  });
  delete document.include;
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: { document, source: base.source, files, warnings, requiredVariables, origins, emptied },
  };
};

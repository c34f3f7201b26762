// `env_file` (05-services.md#env_file): files of KEY=VALUE lines added to a service's environment,
// in list order, under `environment` (which wins even when its value is empty or unset). Long form
// { path, required (default true), format }; `format: raw` takes values verbatim.
import { dirname, resolve } from "node:path";
import { readConfinedFile } from "./confined-file";
import { interpolateString } from "./interpolate";
import type { Env } from "./interpolate";
import { asRecord, scalarText } from "./normalize-context";
import { lookupFile } from "./topology-files";
import type { TopologyFiles } from "./topology-files";

/** One env_file entry as written (short or long form). */
export type EnvFileEntry = {
  path: string;
  /** The entry as written (for messages: the resolved path is never echoed for a refused file). */
  written?: string;
  required: boolean;
  format: "raw" | null;
  /** A `format` other than raw, as written: Compose refuses formats it has no parser for. */
  unknownFormat?: string;
};

/** Entries of a service's `env_file`, paths resolved against `dir`. */
export const envFileEntries = ({ value, dir }: { value: unknown; dir: string }): EnvFileEntry[] => {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => {
    const long = asRecord(item);
    const path = scalarText(long ? long.path : item);
    return {
      path: resolve(dir, path),
      written: path,
      required: long ? long.required !== false && long.required !== "false" : true,
      format: long?.format === "raw" ? "raw" : null,
      ...(long?.format !== undefined && long.format !== "raw"
        ? { unknownFormat: scalarText(long.format) }
        : {}),
    };
  });
};

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*(=(.*))?$/;

/** A double-quoted value: escapes \n \r \t \\ \" applied, up to the closing quote. */
const doubleQuoted = (raw: string): string => {
  let out = "";
  for (let index = 1; index < raw.length; index += 1) {
    const char = raw[index];
    if (char === '"') break;
    if (char === "\\" && index + 1 < raw.length) {
      const next = raw[index + 1] ?? "";
      out += next === "n" ? "\n" : next === "t" ? "\t" : next === "r" ? "\r" : next;
      index += 1;
    } else out += char;
  }
  return out;
};

/** A single-quoted value: literal, `\'` for a quote. */
const singleQuoted = (raw: string): string => {
  let out = "";
  for (let index = 1; index < raw.length; index += 1) {
    const char = raw[index];
    if (char === "'") break;
    if (char === "\\" && raw[index + 1] === "'") {
      out += "'";
      index += 1;
    } else out += char;
  }
  return out;
};

/** Problems met reading a file: unset variables it uses (Compose warns) and bad `${...}`. */
export type EnvFileNotes = { unset: string[]; invalid: string[] };

/**
 * Parses env_file text as Compose does: `#` comments, `VAR=VAL`, quotes, inline ` #` comments on
 * unquoted values; unquoted and double-quoted values are interpolated (from the file's earlier
 * lines, then the project's variables), single-quoted ones are literal. `VAR` alone is left unset.
 * `format: raw` keeps everything after the first `=` as it is.
 */
export const parseEnvFile = ({
  text,
  env,
  format,
  notes = { unset: [], invalid: [] },
}: {
  text: string;
  env: Env;
  format: "raw" | null;
  notes?: EnvFileNotes;
}): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === "" || line.trim().startsWith("#")) continue;
    if (format === "raw") {
      const at = line.indexOf("=");
      if (at > 0) out[line.slice(0, at).trim()] = line.slice(at + 1);
      continue;
    }
    const match = LINE.exec(line);
    if (!match?.[1] || match[2] === undefined) continue;
    const raw = (match[3] ?? "").trim();
    if (raw.startsWith("'")) {
      out[match[1]] = singleQuoted(raw);
      continue;
    }
    const text = raw.startsWith('"') ? doubleQuoted(raw) : raw.replace(/\s+#.*$/, "");
    const expanded = interpolateString({ text, env: { ...env, ...out } });
    notes.unset.push(...expanded.unset);
    notes.invalid.push(...expanded.problems.map((p) => p.message));
    out[match[1]] = expanded.value;
  }
  return out;
};

/** An env file's values, or why there are none ("unread": not in the snapshot yet). */
export type EnvFileValues =
  { ok: true; values: Record<string, string> } | { ok: false; reason: "missing" | "refused" | "unread" };

/**
 * An env file's values from what the confined reader read; every value is also kept in
 * `files.envValues`, so display and exports can redact it whatever its variable is called.
 */
export const envFileValues = ({
  files,
  entry,
  env,
  notes,
}: {
  files: TopologyFiles;
  entry: EnvFileEntry;
  env: Env;
  notes?: EnvFileNotes;
}): EnvFileValues => {
  const read = lookupFile({ files, path: entry.path });
  if (read === null) return { ok: false, reason: "unread" };
  if (!read.ok) return read;
  const values = parseEnvFile({ text: read.text, env, format: entry.format, notes });
  for (const [name, value] of Object.entries(values))
    if (!files.envValues.has(value)) files.envValues.set(value, name);
  return { ok: true, values };
};

/**
 * A service's final environment: env files in order, then `environment` over them. A bare key in
 * `environment` takes the project's value, or removes the variable when that is unset.
 */
export const mergeEnvironment = ({
  fromFiles,
  environment,
  env,
}: {
  fromFiles: Record<string, string>;
  environment: unknown;
  env: Env;
}): Record<string, string> => {
  const out: Record<string, string> = { ...fromFiles };
  const take = (key: string, value: unknown, hasValue: boolean) => {
    if (hasValue) out[key] = scalarText(value);
    else if (env[key] !== undefined) out[key] = env[key];
    else delete out[key];
  };
  if (Array.isArray(environment))
    for (const item of environment.map(scalarText)) {
      const at = item.indexOf("=");
      take(at < 0 ? item : item.slice(0, at), at < 0 ? null : item.slice(at + 1), at >= 0);
    }
  else
    for (const [key, value] of Object.entries(asRecord(environment) ?? {}))
      take(key, value, value !== null && value !== undefined);
  return out;
};

/**
 * A project's `.env` as Compose v2 reads it for interpolation: the env_file syntax, its values
 * interpolated from its own earlier lines and then `env` (the variables set before it). Read
 * through the confined reader (the topology's folder is `dir`, default the file's folder); a
 * missing or refused file is an empty map. Single-quote a value that holds a literal `$`.
 */
export const readProjectDotEnv = async ({
  file,
  env,
  dir = dirname(file),
}: {
  file: string;
  env: Env;
  dir?: string;
}): Promise<Record<string, string>> => {
  const read = await readConfinedFile({ path: file, dir });
  return read.ok ? parseEnvFile({ text: read.text, env, format: null }) : {};
};

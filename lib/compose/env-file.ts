// `env_file` (05-services.md#env_file): files of KEY=VALUE lines added to a service's environment,
// in list order, under `environment` (which wins even when its value is empty or unset). Long form
// { path, required (default true), format }; `format: raw` takes values verbatim.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { interpolateString } from "./interpolate";
import type { Env } from "./interpolate";
import { asRecord, scalarText } from "./normalize-context";

/** One env_file entry as written (short or long form). */
export type EnvFileEntry = {
  path: string;
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

/** Reads an env file; null when it does not exist. */
export const readEnvFile = ({
  entry,
  env,
  notes,
}: {
  entry: EnvFileEntry;
  env: Env;
  notes?: EnvFileNotes;
}): Record<string, string> | null => {
  let text: string;
  try {
    text = readFileSync(entry.path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  return parseEnvFile({ text, env, format: entry.format, notes });
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
 * interpolated from its own earlier lines and then `env` (the variables set before it). A missing
 * file is an empty map. Single-quote a value that holds a literal `$`.
 */
export const readProjectDotEnv = ({ file, env }: { file: string; env: Env }): Record<string, string> =>
  readEnvFile({ entry: { path: file, required: false, format: null }, env }) ?? {};

import { closeSync, constants, fstatSync, openSync, readFileSync } from "node:fs";

/**
 * `.env` files as Compose reads them: `KEY=value`, optional `export `, `#` comments, single
 * quotes literal, double quotes with \n \t \" \\ escapes, inline ` #` comments on unquoted values.
 */

const unquote = (raw: string): string => {
  const value = raw.trim();
  if (value.startsWith("'")) {
    const end = value.indexOf("'", 1);
    return end > 0 ? value.slice(1, end) : value.slice(1);
  }
  if (value.startsWith('"')) {
    let out = "";
    for (let index = 1; index < value.length; index += 1) {
      const char = value[index];
      if (char === '"') break;
      if (char === "\\" && index + 1 < value.length) {
        const next = value[index + 1] ?? "";
        out += next === "n" ? "\n" : next === "t" ? "\t" : next === "r" ? "\r" : next;
        index += 1;
      } else out += char;
    }
    return out;
  }
  return value.replace(/\s+#.*$/, "").trim();
};

/** Parses `.env` text into a variable map; malformed lines are skipped. */
export const parseDotEnv = ({ text }: { text: string }): Record<string, string> => {
  const env: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#")) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=(.*)$/.exec(line);
    if (!match || match[1] === undefined) continue;
    env[match[1]] = unquote(match[2] ?? "");
  }
  return env;
};

/** The largest panel env file read (data/cluster.env, images/local-images.env). */
const MAX_DOT_ENV_BYTES = 1024 * 1024;

/**
 * Reads one of the panel's own `.env` files; a missing file is an empty map (Compose treats it as
 * optional), so callers need no existsSync first. Takes `{ file }` or the path itself. Opened
 * with O_NONBLOCK and type-checked on the handle: a FIFO, device or folder (or a file over 1 MiB)
 * is refused at once instead of blocking the event loop. A topology's own files go through
 * lib/compose/confined-file.ts instead.
 */
export const readDotEnv = (options: { file: string } | string): Record<string, string> => {
  const file = typeof options === "string" ? options : options.file;
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw error;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile() || info.size > MAX_DOT_ENV_BYTES)
      throw new Error(`${file} is not a regular file of at most 1 MiB: the panel does not read it`);
    return parseDotEnv({ text: readFileSync(fd, "utf8") });
  } finally {
    closeSync(fd);
  }
};

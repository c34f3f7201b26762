// The `build` keys the panel's builder (Engine API 1.41 /build) applies beyond context, dockerfile
// and args; refuse-keys.ts refuses the others (BuildKit's ssh, secrets, cache_to, …).
import type { Env } from "./interpolate";
import { asRecord, isTruthy, listOrDict, scalarText } from "./normalize-context";
import type { BuildOptions } from "./types";
import { parseMemoryBytes } from "./units";

/** Build keys the builder applies (context, dockerfile, args and the options below). */
export const APPLIED_BUILD_KEYS = new Set([
  "context",
  "dockerfile",
  "args",
  "target",
  "labels",
  "no_cache",
  "pull",
  "network",
  "shm_size",
]);

/** The build options of a long-syntax `build`, only those the file sets. */
export const buildOptionsOf = ({
  build: raw,
  pullPolicy,
}: {
  build: Record<string, unknown>;
  pullPolicy: unknown;
}): { options?: BuildOptions } => {
  const options: BuildOptions = {};
  if (pullPolicy === "build") options.always = true;
  if (typeof raw.target === "string") options.target = raw.target;
  if (raw.labels !== undefined) options.labels = listOrDict({ value: raw.labels });
  if (raw.no_cache !== undefined) options.noCache = isTruthy(raw.no_cache);
  if (raw.pull !== undefined) options.pull = isTruthy(raw.pull);
  if (typeof raw.network === "string") options.network = raw.network;
  if (raw.shm_size !== undefined) {
    const bytes = parseMemoryBytes({
      value: typeof raw.shm_size === "number" ? raw.shm_size : scalarText(raw.shm_size),
    });
    if (bytes !== null) options.shmSizeBytes = bytes;
  }
  return Object.keys(options).length > 0 ? { options } : {};
};

/**
 * `build.args` as Compose passes them: an entry without a value (`- NAME`, `NAME:` or `NAME: null`)
 * takes NAME's value from the interpolation sources (environment, .env), and is left out when NAME
 * is unset there, so the Dockerfile's own `ARG NAME=default` applies.
 */
export const buildArgsOf = ({ value, env }: { value: unknown; env: Env }): Record<string, string> => {
  const written: [string, unknown][] = Array.isArray(value)
    ? value.map((item) => {
        const text = scalarText(item);
        const eq = text.indexOf("=");
        return eq < 0 ? [text, null] : [text.slice(0, eq), text.slice(eq + 1)];
      })
    : Object.entries(asRecord(value) ?? {});
  const out: Record<string, string> = {};
  for (const [name, given] of written) {
    const resolved = given === null || given === undefined ? env[name] : scalarText(given);
    if (resolved !== undefined) out[name] = resolved;
  }
  return out;
};

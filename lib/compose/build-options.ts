// The `build` keys the panel's builder (Engine API 1.41 /build) applies beyond context, dockerfile
// and args; refuse-keys.ts refuses the others (BuildKit's ssh, secrets, cache_to, …).
import { isTruthy, listOrDict, scalarText } from "./normalize-context";
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

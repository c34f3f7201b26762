import type { Env } from "./interpolate";
import type { TopologyFiles } from "./topology-files";
import type { ComposeIssue, HostReachingOption } from "./types";
import { formatPath, lineOfPath } from "./yaml-source";
import type { PathSegment, YamlSource } from "./yaml-source";

/** What every normalizer needs: where the file is, the env, and where to put problems. */
export type NormalizeContext = {
  source: YamlSource;
  dir: string;
  project: string;
  env: Env;
  publishHost: string;
  errors: ComposeIssue[];
  warnings: ComposeIssue[];
  /** Host-reaching options met while normalizing (absent on scratch contexts: not collected). */
  hostReaching?: HostReachingOption[];
  /** Services written in another file (an included project, an override file): their file, for lines. */
  origins?: Record<string, YamlSource>;
  /** What the confined reader read (absent on scratch contexts: every file is then unread). */
  files?: TopologyFiles;
};

/** The file a path of the merged model was written in: a service's own file, else the base file. */
export const sourceOf = ({ ctx, path }: { ctx: NormalizeContext; path: PathSegment[] }): YamlSource =>
  (path[0] === "services" && typeof path[1] === "string" ? ctx.origins?.[path[1]] : undefined) ?? ctx.source;

/** Options of report; `warning` files it under warnings instead of errors. */
export type ReportOptions = {
  ctx: NormalizeContext;
  code: ComposeIssue["code"];
  path: PathSegment[];
  message: string;
  warning?: boolean;
};

/** Records a problem located at `path`; the message is prefixed with the dotted path. */
export const report = ({ ctx, code, path, message, warning = false }: ReportOptions): void => {
  const issue: ComposeIssue = {
    code,
    message: `${formatPath(path)}: ${message}`,
    file: sourceOf({ ctx, path }).file,
    line: lineOfPath({ source: sourceOf({ ctx, path }), path }),
    path: formatPath(path),
  };
  (warning ? ctx.warnings : ctx.errors).push(issue);
};

/** A plain object (YAML mapping) or null. */
export const asRecord = (value: unknown): Record<string, unknown> | null =>
  value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;

/** A YAML boolean, also written as the string "true" (e.g. after interpolation). */
export const isTruthy = (value: unknown): boolean => value === true || value === "true";

/** Scalars as Compose stringifies them in maps (true → "true", null → ""). */
export const scalarText = (value: unknown): string =>
  value === null || value === undefined ? "" : typeof value === "string" ? value : String(value);

/** `list_or_dict` (labels, build args, …): ["K=V", "K"] or {K: V} into a map. */
export const listOrDict = ({ value }: { value: unknown }): Record<string, string> => {
  const out: Record<string, string> = {};
  if (Array.isArray(value)) {
    for (const item of value) {
      const text = scalarText(item);
      const eq = text.indexOf("=");
      if (eq < 0) out[text] = "";
      else out[text.slice(0, eq)] = text.slice(eq + 1);
    }
  } else {
    for (const [key, item] of Object.entries(asRecord(value) ?? {})) out[key] = scalarText(item);
  }
  return out;
};

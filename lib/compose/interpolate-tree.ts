import { interpolateString } from "./interpolate";
import type { Env } from "./interpolate";
import type { ComposeIssue } from "./types";
import { formatPath, lineOfPath } from "./yaml-source";
import type { PathSegment, YamlSource } from "./yaml-source";

/** Options of interpolateTree. */
export type InterpolateTreeOptions = { value: unknown; env: Env; source: YamlSource };

/** The interpolated document, located errors, and every required variable met. */
export type InterpolateTreeResult = {
  value: unknown;
  errors: ComposeIssue[];
  /** One per unset variable used bare (it became ""), at its first use, as docker-compose warns. */
  warnings: ComposeIssue[];
  requiredVariables: { name: string; message: string }[];
  /** Every value that used an unset variable (dotted path → the variables), to name them in errors. */
  emptied: EmptiedValues;
};

/** Dotted paths of values that used unset variables, and those variables. */
export type EmptiedValues = Record<string, string[]>;

/**
 * Interpolates every string value of a parsed compose document (keys are left alone, as Compose
 * does). Each missing required variable is reported once, at its first use, all at once.
 */
export const interpolateTree = ({ value, env, source }: InterpolateTreeOptions): InterpolateTreeResult => {
  const errors: ComposeIssue[] = [];
  const required = new Map<string, string>();
  const reportedMissing = new Set<string>();
  const warnings: ComposeIssue[] = [];
  const reportedUnset = new Set<string>();
  const emptied: EmptiedValues = {};

  const issue = (path: PathSegment[], message: string, variable?: string): ComposeIssue => ({
    code: "interpolation",
    message,
    file: source.file,
    line: lineOfPath({ source, path }),
    path: formatPath(path),
    ...(variable === undefined ? {} : { variable }),
  });

  const walk = (node: unknown, path: PathSegment[]): unknown => {
    if (typeof node === "string") {
      const result = interpolateString({ text: node, env });
      for (const entry of result.required)
        if (!required.has(entry.name)) required.set(entry.name, entry.message);
      if (result.unset.length > 0) emptied[formatPath(path)] = [...new Set(result.unset)];
      for (const name of result.unset) {
        if (reportedUnset.has(name)) continue;
        reportedUnset.add(name);
        warnings.push(
          issue(
            path,
            `variable ${name} is not set, defaulting to a blank string (used at ${formatPath(path)}; ` +
              `set it in the .env file beside the compose file or in data/cluster.env, or write \${${name}:-default})`,
            name,
          ),
        );
      }
      for (const problem of result.problems) {
        if (problem.kind === "invalid") {
          errors.push(issue(path, `${formatPath(path)}: ${problem.message}`));
        } else if (!reportedMissing.has(problem.name)) {
          reportedMissing.add(problem.name);
          const detail = problem.message ? `: ${problem.message}` : "";
          errors.push(
            issue(
              path,
              `required variable ${problem.name} is missing a value${detail} (used at ${formatPath(path)}; ` +
                `set it in the .env file beside the compose file or in data/cluster.env)`,
              problem.name,
            ),
          );
        }
      }
      return result.value;
    }
    if (Array.isArray(node)) return node.map((item, index) => walk(item, [...path, index]));
    if (node !== null && typeof node === "object") {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(node)) out[key] = walk(child, [...path, key]);
      return out;
    }
    return node;
  };

  const interpolated = walk(value, []);
  const requiredVariables = [...required].map(([name, message]) => ({ name, message }));
  return { value: interpolated, errors, warnings, requiredVariables, emptied };
};

const within = (a: string, b: string): boolean => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);

/**
 * Errors about a value an unset variable emptied (`unknown restart policy ""`) name that variable:
 * the symptom alone does not say what to set. Errors elsewhere are returned as they are.
 */
export const nameUnsetVariables = ({
  errors,
  emptied,
}: {
  errors: ComposeIssue[];
  emptied: EmptiedValues;
}): ComposeIssue[] =>
  errors.map((error) => {
    if (error.path === null || error.variable !== undefined || error.unsetVariables) return error;
    const path = error.path;
    const names = [
      ...new Set(Object.entries(emptied).flatMap(([at, variables]) => (within(at, path) ? variables : []))),
    ];
    if (names.length === 0) return error;
    const list = names.join(", ");
    return {
      ...error,
      unsetVariables: names,
      message:
        `${error.message} (${list} ${names.length > 1 ? "are" : "is"} not set and became ""; ` +
        `set ${names.length > 1 ? "them" : "it"} in the .env file beside the compose file or in data/cluster.env)`,
    };
  });

import Ajv from "ajv";
import type { ErrorObject, ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import composeSpec from "./compose-spec.json" with { type: "json" };
import type { ComposeIssue } from "./types";
import { formatPath, lineOfPath } from "./yaml-source";
import type { PathSegment, YamlSource } from "./yaml-source";

// The official Compose Specification schema, vendored verbatim (draft-07; `x-` keys allowed by
// its own patternProperties). Compiled once per process: compiling takes ~50 ms.
let compiled: ValidateFunction | null = null;
const validator = (): ValidateFunction => {
  if (compiled) return compiled;
  // validateSchema off: the spec's `$schema` is an https URL ajv does not register.
  const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false, verbose: true });
  addFormats(ajv);
  compiled = ajv.compile(composeSpec);
  return compiled;
};

const toPath = (instancePath: string): PathSegment[] =>
  instancePath === ""
    ? []
    : instancePath
        .slice(1)
        .split("/")
        .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));

const distance = (a: string, b: string): number => {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j] ?? 0;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
};

/** "did you mean …" for a misspelt key, from the keys the schema allows there. */
const suggestion = (error: ErrorObject, key: string): string => {
  const allowed = Object.keys(
    (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {},
  );
  const best = allowed
    .map((name) => ({ name, cost: distance(key, name) }))
    .sort((a, b) => a.cost - b.cost)[0];
  return best && best.cost <= 2 ? ` (did you mean "${best.name}"?)` : "";
};

const describe = (error: ErrorObject): string => {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "additionalProperties":
      return `unknown key "${String(params.additionalProperty)}"${suggestion(error, String(params.additionalProperty))}`;
    case "required":
      return `missing required key "${String(params.missingProperty)}"`;
    case "type":
      return `must be ${String(params.type).replace(/,/g, " or ")}`;
    case "enum":
      return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "uniqueItems":
      return `must not contain duplicates (items ${String(params.j)} and ${String(params.i)} are equal)`;
    case "oneOf":
    case "anyOf":
      return "does not match any of the allowed forms";
    default:
      return error.message ?? `is invalid (${error.keyword})`;
  }
};

const atOrBelow = (path: string, other: string): boolean => other === path || other.startsWith(`${path}/`);
const isCombinator = (error: ErrorObject): boolean => error.keyword === "oneOf" || error.keyword === "anyOf";

/**
 * The errors a person can act on. A `oneOf` (short or long syntax) fails in every branch; keep the
 * branch that got furthest: drop combinator errors and alternative-form type errors when a more
 * specific error exists at or below the same path, then merge the remaining type errors.
 */
const relevant = (errors: ErrorObject[]): ErrorObject[] => {
  const specific = (error: ErrorObject) =>
    errors.some(
      (other) =>
        other !== error &&
        !isCombinator(other) &&
        other.keyword !== "type" &&
        atOrBelow(error.instancePath, other.instancePath),
    ) || errors.some((other) => other !== error && other.instancePath.startsWith(`${error.instancePath}/`));
  const kept = errors.filter((error) => {
    if (isCombinator(error))
      return !errors.some(
        (o) => o !== error && !isCombinator(o) && atOrBelow(error.instancePath, o.instancePath),
      );
    if (error.keyword === "type") return !specific(error);
    return true;
  });
  const merged = new Map<string, ErrorObject>();
  for (const error of kept) {
    const key = `${error.instancePath}|${error.keyword}|${error.keyword === "type" ? "" : JSON.stringify(error.params)}`;
    const existing = merged.get(key);
    if (existing && error.keyword === "type") {
      const types = new Set(`${String(existing.params.type)},${String(error.params.type)}`.split(","));
      merged.set(key, { ...existing, params: { type: [...types].join(",") } });
    } else if (!existing) merged.set(key, error);
  }
  return [...merged.values()];
};

/** Validates an interpolated compose document against the Compose Specification schema. */
export const validateSchema = ({ value, source }: { value: unknown; source: YamlSource }): ComposeIssue[] => {
  const validate = validator();
  if (validate(value)) return [];
  return relevant(validate.errors ?? []).map((error) => {
    const path = toPath(error.instancePath);
    const keyPath =
      error.keyword === "additionalProperties" ? [...path, String(error.params.additionalProperty)] : path;
    const where = path.length > 0 ? formatPath(path) : "(top level)";
    return {
      code: "schema",
      message: `${where}: ${describe(error)}`,
      file: source.file,
      line: lineOfPath({ source, path: keyPath }),
      path: formatPath(keyPath),
    };
  });
};

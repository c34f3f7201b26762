import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import type { Document, Node } from "yaml";
import type { ComposeIssue } from "./types";

/** A parsed YAML document with the positions needed to point at lines. */
export type YamlSource = { doc: Document; lineCounter: LineCounter; file: string };

/** One step of a path into the document: a map key or a sequence index. */
export type PathSegment = string | number;

/** Options of parseYamlSource. */
export type ParseYamlOptions = { text: string; file: string };

/** The document and its plain value, or the syntax errors. */
export type ParseYamlResult =
  { ok: true; source: YamlSource; value: unknown } | { ok: false; errors: ComposeIssue[] };

/** Aliases a document may expand; past it, `yaml` stops (an "alias bomb" would exhaust memory). */
const MAX_ALIAS_COUNT = 1000;

/** Parses YAML text keeping line positions; syntax errors come back as `yaml_syntax` issues. */
export const parseYamlSource = ({ text, file }: ParseYamlOptions): ParseYamlResult => {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    const errors = doc.errors.map<ComposeIssue>((error) => ({
      code: "yaml_syntax",
      message: `YAML syntax error: ${(error.message.split("\n")[0] ?? error.message).replace(/:$/, "")}`,
      file,
      line: error.linePos?.[0]?.line ?? null,
      path: null,
    }));
    return { ok: false, errors };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // The yaml package throws a ReferenceError when aliases expand past the limit (an alias bomb).
    if (!(error instanceof ReferenceError)) throw error;
    return {
      ok: false,
      errors: [
        {
          code: "yaml_syntax",
          message: `YAML aliases expand too much (more than ${MAX_ALIAS_COUNT} alias uses per anchor): write the values out or use fewer anchors`,
          file,
          line: null,
          path: null,
        },
      ],
    };
  }
  return { ok: true, source: { doc, lineCounter, file }, value };
};

const isMergeKey = (key: unknown): boolean =>
  isScalar(key) && (typeof key.value === "symbol" || key.value === "<<");

const resolve = (source: YamlSource, node: unknown): unknown =>
  isAlias(node) ? node.resolve(source.doc) : node;

/** Finds the pair for `key` in a map, following `<<` merge keys like YAML's toJS does. */
const findPair = (
  source: YamlSource,
  map: unknown,
  key: string,
): { keyNode: Node | null; value: unknown } | null => {
  const resolved = resolve(source, map);
  if (!isMap(resolved)) return null;
  for (const item of resolved.items) {
    if (isPair(item) && isScalar(item.key) && !isMergeKey(item.key) && String(item.key.value) === key) {
      return { keyNode: item.key, value: item.value };
    }
  }
  for (const item of resolved.items) {
    if (!isPair(item) || !isMergeKey(item.key)) continue;
    const sources = isSeq(item.value) ? item.value.items : [item.value];
    for (const merged of sources) {
      const found = findPair(source, merged, key);
      if (found) return found;
    }
  }
  return null;
};

const lineOfNode = (source: YamlSource, node: unknown): number | null => {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? source.lineCounter.linePos(range[0]).line : null;
};

/**
 * 1-based line of the value at `path` (the key's line for map entries). A string segment on a
 * sequence matches a scalar item with that text (e.g. a service name in a `depends_on` list).
 * Falls back to the deepest ancestor that exists.
 */
export const lineOfPath = ({ source, path }: { source: YamlSource; path: PathSegment[] }): number | null => {
  let node: unknown = source.doc.contents;
  let line = lineOfNode(source, node);
  for (const segment of path) {
    const current = resolve(source, node);
    if (isMap(current)) {
      const pair = findPair(source, current, String(segment));
      if (!pair) return line;
      line = lineOfNode(source, pair.keyNode) ?? line;
      node = pair.value;
    } else if (isSeq(current)) {
      const index =
        typeof segment === "number" || /^\d+$/.test(segment)
          ? Number(segment)
          : current.items.findIndex(
              (item) => isScalar(item) && String(item.value).split(/[:=]/)[0] === segment,
            );
      const item = current.items[index];
      if (item === undefined) return line;
      line = lineOfNode(source, item) ?? line;
      node = item;
    } else {
      return line;
    }
  }
  return line;
};

/** Formats a path as dotted text: `services.redis.healthcheck.interval`. */
export const formatPath = (path: PathSegment[]): string => path.map(String).join(".");

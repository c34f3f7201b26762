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

/**
 * What a document may expand to once its aliases are written out: nodes (scalars, maps, lists,
 * pairs) and scalar bytes. A real file with many anchors expands to a few thousand nodes; an
 * "alias bomb" (each anchor aliasing the one before ten times) to billions from a few lines.
 */
export const MAX_EXPANDED_NODES = 250_000;
export const MAX_EXPANDED_BYTES = 16 * 1024 * 1024;

type Expansion = { nodes: number; bytes: number };

/**
 * The size of the document as `toJS` would build it, aliases written out (memoized per node, so
 * linear in the source), and the alias that weighs most when it is over a limit.
 */
const measureExpansion = (
  doc: Document,
): { total: Expansion; heaviest: { node: Node; size: Expansion } | null } => {
  const sizes = new Map<unknown, Expansion>();
  const open = new Set<unknown>();
  let heaviest: { node: Node; size: Expansion } | null = null;
  const measure = (node: unknown): Expansion => {
    const known = sizes.get(node);
    if (known) return known;
    // An alias to a node still being measured (`&a [*a]`) would expand without end.
    if (open.has(node)) return { nodes: Infinity, bytes: Infinity };
    open.add(node);
    let size: Expansion = { nodes: 1, bytes: 0 };
    const add = (child: unknown) => {
      const part = measure(child);
      size = { nodes: size.nodes + part.nodes, bytes: size.bytes + part.bytes };
    };
    if (isAlias(node)) {
      const target = node.resolve(doc);
      size = target ? measure(target) : size;
      if (!heaviest || size.nodes > heaviest.size.nodes || size.bytes > heaviest.size.bytes)
        heaviest = { node, size };
    } else if (isScalar(node)) {
      size = { nodes: 1, bytes: String(node.value).length };
    } else if (isMap(node) || isSeq(node)) {
      for (const item of node.items as unknown[]) add(item);
    } else if (isPair(node)) {
      add(node.key);
      add(node.value);
    }
    open.delete(node);
    sizes.set(node, size);
    return size;
  };
  const total = doc.contents ? measure(doc.contents) : { nodes: 0, bytes: 0 };
  return { total, heaviest };
};

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
  // The expansion is bounded by what it produces, measured before anything is built: yaml's own
  // maxAliasCount counts uses per anchor, which refuses real files with shared defaults.
  const { total, heaviest } = measureExpansion(doc);
  if (total.nodes > MAX_EXPANDED_NODES || total.bytes > MAX_EXPANDED_BYTES) {
    const alias = heaviest as { node: Node; size: Expansion } | null;
    const where = alias
      ? ` (the alias *${String((alias.node as unknown as { source: string }).source)} at line ${lineOfNode({ doc, lineCounter, file }, alias.node) ?? "?"} alone expands to ${describe(alias.size)})`
      : "";
    return {
      ok: false,
      errors: [
        {
          code: "yaml_syntax",
          message:
            `YAML aliases expand too much: more than ${MAX_EXPANDED_NODES.toLocaleString("en")} nodes or ` +
            `${MAX_EXPANDED_BYTES.toLocaleString("en")} bytes once written out${where}: write the values out or nest fewer anchors`,
          file,
          line: alias ? lineOfNode({ doc, lineCounter, file }, alias.node) : null,
          path: null,
        },
      ],
    };
  }
  const value: unknown = doc.toJS({ maxAliasCount: -1 });
  return { ok: true, source: { doc, lineCounter, file }, value };
};

const describe = ({ nodes, bytes }: Expansion): string =>
  Number.isFinite(nodes)
    ? `${nodes.toLocaleString("en")} nodes and ${bytes.toLocaleString("en")} bytes`
    : "itself, without end";

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

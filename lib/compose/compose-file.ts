// One compose file read the way Compose reads each file before merging: YAML → interpolated →
// schema-valid, with its `!reset` / `!override` tags located for the merge (lib/compose/merge.ts).
import { isMap, isPair, isScalar, isSeq } from "yaml";
import type { Node } from "yaml";
import type { Env } from "./interpolate";
import { interpolateTree, nameUnsetVariables } from "./interpolate-tree";
import type { EmptiedValues } from "./interpolate-tree";
import { asRecord } from "./normalize-context";
import { validateSchema } from "./schema";
import type { ComposeIssue } from "./types";
import { parseYamlSource } from "./yaml-source";
import type { PathSegment, YamlSource } from "./yaml-source";

/** Paths of values tagged `!reset` (cleared in what came before) or `!override` (replace it). */
export type MergeTags = { reset: PathSegment[][]; override: PathSegment[][] };

/** A compose file ready to merge: its mapping, its source (for lines) and what it met. */
export type ComposeFile = {
  file: string;
  /** The file's text as read (hashed to tell versions of the project apart). */
  text: string;
  source: YamlSource;
  document: Record<string, unknown>;
  tags: MergeTags;
  warnings: ComposeIssue[];
  requiredVariables: { name: string; message: string }[];
  /** Values that used unset variables (interpolateTree), to name them in later errors. */
  emptied: EmptiedValues;
};

export type ReadComposeFileResult = { ok: true; value: ComposeFile } | { ok: false; errors: ComposeIssue[] };

const tagsOf = (source: YamlSource): MergeTags => {
  const tags: MergeTags = { reset: [], override: [] };
  const walk = (node: unknown, path: PathSegment[]) => {
    const tag = (node as Node | null)?.tag;
    if (tag === "!reset") tags.reset.push(path);
    if (tag === "!override") tags.override.push(path);
    if (isMap(node))
      for (const item of node.items)
        if (isPair(item) && isScalar(item.key)) walk(item.value, [...path, String(item.key.value)]);
    if (isSeq(node)) node.items.forEach((item, index) => walk(item, [...path, index]));
  };
  walk(source.doc.contents, []);
  return tags;
};

const removeAt = (value: Record<string, unknown>, path: PathSegment[]): void => {
  let node: unknown = value;
  for (const segment of path.slice(0, -1)) node = (node as Record<string, unknown> | null)?.[segment];
  const last = path.at(-1);
  const parent = asRecord(node);
  if (parent && last !== undefined) delete parent[String(last)];
};

/**
 * Parses, interpolates and validates one compose file. `!reset` values are taken out of the
 * document (they only clear what earlier files set) so the schema sees a valid file.
 */
export const readComposeFile = ({
  file,
  env,
  text: content,
}: {
  file: string;
  env: Env;
  /** The file's text, as the confined reader read it (or the text of a file being added). */
  text: string;
}): ReadComposeFileResult => {
  const parsed = parseYamlSource({ text: content, file });
  if (!parsed.ok) return parsed;
  const { source } = parsed;
  const root = asRecord(parsed.value);
  if (!root)
    return {
      ok: false,
      errors: [
        {
          code: "schema",
          message: "the file must be a YAML mapping with a services: key",
          file,
          line: 1,
          path: null,
        },
      ],
    };
  const tags = tagsOf(source);
  const interpolated = interpolateTree({ value: root, env, source });
  const document = asRecord(interpolated.value) ?? {};
  for (const path of tags.reset) removeAt(document, path);
  const errors = [
    ...interpolated.errors,
    ...nameUnsetVariables({
      errors: validateSchema({ value: document, source }),
      emptied: interpolated.emptied,
    }),
  ];
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      file,
      text: content,
      source,
      document,
      tags,
      warnings: interpolated.warnings,
      requiredVariables: interpolated.requiredVariables,
      emptied: interpolated.emptied,
    },
  };
};

// The link checker over the README and docs/: every relative link must name a file that exists,
// and every #anchor a heading of that file (as GitHub makes anchors from headings).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export type BrokenLink = { file: string; line: number; target: string; why: string };

/** Markdown text with fenced code blocks blanked (lines kept, so line numbers stay true). */
const withoutFences = (markdown: string): string =>
  markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, (block) => block.replace(/[^\n]/g, " "));

/** Markdown text without fences and inline code spans (links there are not links). */
const withoutCode = (markdown: string): string =>
  withoutFences(markdown).replace(/`[^`\n]*`/g, (span) => " ".repeat(span.length));

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export const headingAnchor = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");

/** Every anchor a markdown file offers: its headings (repeats numbered -1, -2 as GitHub does). */
export const anchorsOf = (markdown: string): Set<string> => {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of withoutFences(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = headingAnchor((match[1] as string).replace(/`/g, ""));
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
};

/** Every inline link and image target of a markdown file, with its line. */
export const linksOf = (markdown: string): { line: number; target: string }[] => {
  const text = withoutCode(markdown);
  return [...text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => ({
    line: text.slice(0, m.index).split("\n").length,
    target: m[1] as string,
  }));
};

/** The links of one file that do not resolve (file missing, or #anchor not a heading there). */
export const brokenLinksIn = (file: string, root: string): BrokenLink[] => {
  const markdown = readFileSync(file, "utf8");
  const rel = path.relative(root, file);
  return linksOf(markdown).flatMap(({ line, target }) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return []; // http:, https:, mailto: — not checked here
    const [pathPart = "", anchor] = target.split("#", 2) as [string, string | undefined];
    const resolved = pathPart ? path.resolve(path.dirname(file), decodeURIComponent(pathPart)) : file;
    const broken = (why: string): BrokenLink[] => [{ file: rel, line, target, why }];
    if (!existsSync(resolved)) return broken("no such file");
    if (anchor === undefined || anchor === "") return [];
    if (statSync(resolved).isDirectory() || !resolved.endsWith(".md"))
      return broken("anchor into a non-markdown file");
    const anchors = anchorsOf(readFileSync(resolved, "utf8"));
    return anchors.has(decodeURIComponent(anchor).toLowerCase()) ? [] : broken(`no heading #${anchor}`);
  });
};

/** Every markdown file under a folder, recursively. */
export const markdownFilesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return markdownFilesUnder(full);
    return name.endsWith(".md") ? [full] : [];
  });

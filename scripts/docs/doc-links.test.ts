import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { anchorsOf, brokenLinksIn, headingAnchor, linksOf, markdownFilesUnder } from "./doc-links";

const ROOT = path.resolve(__dirname, "../..");
const DOCS = path.join(ROOT, "docs");
const pages = [path.join(ROOT, "README.md"), ...markdownFilesUnder(DOCS)];

describe("the README and docs/ links", () => {
  it("reads the pages it checks (the checker is not silently blind)", () => {
    expect(pages.length).toBeGreaterThan(10);
    expect(linksOf(readFileSync(path.join(ROOT, "README.md"), "utf8")).length).toBeGreaterThan(10);
  });

  it("every relative link and #anchor resolves", () => {
    const broken = pages.flatMap((page) => brokenLinksIn(page, ROOT));
    const lines = broken.map((b) => `${b.file}:${b.line} ${b.target}: ${b.why}`);
    expect(lines, lines.join("\n")).toEqual([]);
  });

  it("docs/README.md links every page under docs/", () => {
    const index = path.join(DOCS, "README.md");
    const linked = new Set(
      linksOf(readFileSync(index, "utf8")).map(({ target }) =>
        path.resolve(DOCS, decodeURIComponent(target.split("#")[0] as string)),
      ),
    );
    const missing = markdownFilesUnder(DOCS)
      .filter((page) => page !== index && !linked.has(page))
      .map((page) => path.relative(ROOT, page));
    expect(missing, `not linked from docs/README.md: ${missing.join(", ")}`).toEqual([]);
  });

  it("the README stays a door: at most 250 lines", () => {
    const lines = readFileSync(path.join(ROOT, "README.md"), "utf8").trimEnd().split("\n").length;
    expect(lines).toBeLessThanOrEqual(250);
  });
});

describe("the checker can fail", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "doc-links-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("makes GitHub's anchors", () => {
    expect(headingAnchor("The bench (npm run bench)")).toBe("the-bench-npm-run-bench");
    expect(headingAnchor("Where a topology's variables come from")).toBe(
      "where-a-topologys-variables-come-from",
    );
    expect([...anchorsOf("# A\n## A\n```\n# not a heading\n```\n## `code` B")]).toEqual([
      "a",
      "a-1",
      "code-b",
    ]);
  });

  it("reports a missing file, a missing anchor, and ignores links in code", () => {
    mkdirSync(path.join(dir, "sub"));
    writeFileSync(path.join(dir, "sub", "page.md"), "# Page\n\n## Known part\n");
    const file = path.join(dir, "index.md");
    writeFileSync(
      file,
      [
        "# Index",
        "[ok](sub/page.md#known-part) [self](#index) [web](https://example.org/x)",
        "[gone](sub/missing.md)",
        "[bad anchor](sub/page.md#unknown)",
        "`[in code](nowhere.md)`",
        "```",
        "[in a fence](nowhere.md)",
        "```",
      ].join("\n"),
    );
    expect(brokenLinksIn(file, dir)).toEqual([
      { file: "index.md", line: 3, target: "sub/missing.md", why: "no such file" },
      { file: "index.md", line: 4, target: "sub/page.md#unknown", why: "no heading #unknown" },
    ]);
  });
});

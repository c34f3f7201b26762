// The CLI is a client of /api/v1: it may share the server's types, never its code (which would
// drag Prisma, dockerode and the server's environment into a command line tool) — but for the
// kernel's vocabularies, constants that import nothing, so its choices are the server's.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory()
      ? files(full)
      : /\.ts$/.test(name) && !/\.test\.ts$/.test(name)
        ? [full]
        : [];
  });

/**
 * The kernel's vocabularies: constants with no imports at all (checked below), so the CLI offers
 * the same choices as the server without copying them.
 */
const SHARED_VOCABULARIES = ["lib/run-vocabulary", "lib/roles"];

/** `import … from "…"` statements that reach the server's folders, other than `import type` and the vocabularies. */
const serverValueImports = (source: string): string[] =>
  [...source.matchAll(/^\s*import\s+(type\s+)?[^;]*?from\s+["']([^"']+)["']/gm)]
    .filter((m) => !m[1] && /^(@\/|(\.\.\/)+)(lib|app|components|server)(\/|$)/.test(m[2] as string))
    .map((m) => m[2] as string)
    .filter((s) => !SHARED_VOCABULARIES.some((v) => s.replace(/^(@\/|(\.\.\/)+)/, "") === v));

describe("cli/ boundary", () => {
  it("imports only types from the server's code", () => {
    const found = files("cli").flatMap((file) =>
      serverValueImports(readFileSync(file, "utf8")).map((s) => `${file} imports "${s}"`),
    );
    expect(files("cli").length).toBeGreaterThan(5);
    expect(found).toEqual([]);
  });

  it("shares only vocabularies that import nothing", () => {
    for (const vocabulary of SHARED_VOCABULARIES)
      expect(readFileSync(`${vocabulary}.ts`, "utf8"), vocabulary).not.toMatch(
        /^\s*(import|export .* from)\b/m,
      );
  });

  it("can tell a value import from a type import", () => {
    expect(serverValueImports('import { getPrisma } from "../lib/db/client";')).toEqual(["../lib/db/client"]);
    expect(serverValueImports('import type { DeployEvent } from "../lib/deploy/events";')).toEqual([]);
    expect(serverValueImports('import { Command } from "commander";')).toEqual([]);
    expect(serverValueImports('import { STRATEGIES } from "../../lib/run-vocabulary";')).toEqual([]);
    expect(serverValueImports('import { STRATEGIES } from "../../lib/deploy/types";')).toEqual([
      "../../lib/deploy/types",
    ]);
  });
});

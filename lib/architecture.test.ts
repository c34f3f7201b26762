// The folder order of lib/ (docs/ARCHITECTURE.md), enforced: every import between top-level lib
// folders must point down the layer list, which also rules out cycles between folders. Top-level
// files (lib/errors.ts, lib/env.ts, …) are the kernel: anyone may import them, they import no folder.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Lowest first. A folder may import folders of lower layers only (never its own layer's siblings,
 * never a higher layer). The order follows the data: a compose file becomes a topology, a plan, a
 * run whose events reach the browser and the recorder, and operations wire it all for the routes.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ["secrets"], // redaction and the cluster's secret files: pure, below the file parser that uses it
  ["compose"], // compose file → topology model
  ["docker"], // the engine: containers, images, stats, events
  ["catalog", "deploy", "stats"], // topologies on disk; plan → orchestrator → bus; stats sources
  ["swarm"], // the same plans and events with Swarm services as the target (over a given engine)
  ["db"], // queries over plain typed data (types may come from the layers below)
  ["auth"], // users, sessions, tokens, roles (stored through db)
  ["http", "runs"], // route helpers; run comparisons and exports read from db
  ["realtime"], // socket.io: events and stats to the browser
  ["recording", "metrics"], // the bus and stats → stored runs; → the panel's Prometheus metrics
  ["operations"], // what routes and the server call: deploy, scale, cleanup, batches
  ["api"], // the HTTP API's endpoints (/api/v1 and the shared handlers of /api) and its OpenAPI document
];

const ROOT = path.resolve(__dirname, "..");
const LIB = path.join(ROOT, "lib");

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "fixtures" ? [] : sourceFiles(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith(".d.ts") ? [full] : [];
  });

const SPECIFIER =
  /(?:^|[\s;])(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

/** Every module specifier a file names (static, re-export, side-effect and dynamic imports). */
export const specifiersOf = (source: string): string[] =>
  [...source.matchAll(SPECIFIER)].map((m) => (m[1] ?? m[2] ?? m[3]) as string);

/** The absolute path a specifier points to inside the repository, or null for packages. */
const resolveSpecifier = (file: string, specifier: string): string | null => {
  if (specifier.startsWith("@/")) return path.join(ROOT, specifier.slice(2));
  if (specifier.startsWith(".")) return path.resolve(path.dirname(file), specifier);
  return null;
};

/** The top-level lib folder of a path, "kernel" for a file directly in lib/, null outside lib/. */
export const libAreaOf = (target: string): string | null => {
  const rel = path.relative(LIB, target);
  if (rel.startsWith("..") || path.isAbsolute(rel)) return null;
  const parts = rel.split(path.sep);
  return parts.length === 1 ? "kernel" : (parts[0] as string);
};

type Edge = { file: string; specifier: string; from: string; to: string };

const libEdges = (): Edge[] =>
  sourceFiles(LIB).flatMap((file) => {
    const from = libAreaOf(file) as string;
    return specifiersOf(readFileSync(file, "utf8")).flatMap((specifier) => {
      const target = resolveSpecifier(file, specifier);
      const to = target && libAreaOf(target);
      return to && to !== from ? [{ file: path.relative(ROOT, file), specifier, from, to }] : [];
    });
  });

const layerOf = (folder: string): number => LAYERS.findIndex((layer) => layer.includes(folder));

/** Why an edge breaks the documented order, or null when it may exist. */
export const orderViolation = ({ from, to }: { from: string; to: string }): string | null => {
  if (to === "kernel") return null;
  if (from === "kernel") return "the kernel (top-level lib files) imports no lib folder";
  const [a, b] = [layerOf(from), layerOf(to)];
  if (a < 0) return `lib/${from} is not in LAYERS: add it (and to docs/ARCHITECTURE.md)`;
  if (b < 0) return `lib/${to} is not in LAYERS: add it (and to docs/ARCHITECTURE.md)`;
  if (a === b) return `lib/${from} and lib/${to} share a layer and may not import each other`;
  return a < b ? `lib/${from} sits below lib/${to} in LAYERS` : null;
};

/** Import cycles (between folders or files), each as a path a → b → … → a (found by depth-first search). */
export const importCycles = (edges: { from: string; to: string }[]): string[][] => {
  const next = new Map<string, Set<string>>();
  for (const { from, to } of edges) next.set(from, (next.get(from) ?? new Set()).add(to));
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const visit = (node: string, stack: string[]) => {
    const at = stack.indexOf(node);
    if (at >= 0) return void cycles.push([...stack.slice(at), node]);
    if (seen.has(node)) return;
    seen.add(node);
    for (const to of next.get(node) ?? []) visit(to, [...stack, node]);
  };
  for (const node of next.keys()) visit(node, []);
  return cycles;
};

/** The source file a specifier names (as TypeScript resolves it: .ts, .tsx, /index.ts), null for packages. */
const resolveFile = (file: string, specifier: string): string | null => {
  const target = resolveSpecifier(file, specifier);
  if (!target) return null;
  const candidates = [target, `${target}.ts`, `${target}.tsx`, path.join(target, "index.ts")];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile()) ?? null;
};

/** Imports between the files of one lib folder, by path from the repository root. */
const fileEdgesIn = (folder: string): Edge[] =>
  sourceFiles(path.join(LIB, folder)).flatMap((file) =>
    specifiersOf(readFileSync(file, "utf8")).flatMap((specifier) => {
      const target = resolveFile(file, specifier);
      return target && libAreaOf(target) === folder
        ? [
            {
              file: path.relative(ROOT, file),
              specifier,
              from: path.relative(ROOT, file),
              to: path.relative(ROOT, target),
            },
          ]
        : [];
    }),
  );

describe("lib folder order", () => {
  const edges = libEdges();

  it("finds the imports it checks (the scanner is not silently blind)", () => {
    expect(edges.some((e) => e.from === "operations" && e.to === "deploy")).toBe(true);
    expect(edges.some((e) => e.from === "compose" && e.to === "kernel")).toBe(true);
  });

  it("has no import cycle between top-level lib folders", () => {
    const cycles = importCycles(edges).map((cycle) => {
      const where = cycle
        .slice(1)
        .map((to, i) => edges.find((e) => e.from === cycle[i] && e.to === to) as Edge)
        .map((e) => `${e.file} imports "${e.specifier}"`);
      return `${cycle.join(" → ")}:\n    ${where.join("\n    ")}`;
    });
    expect(cycles, cycles.join("\n")).toEqual([]);
  });

  it("imports only down the documented layers", () => {
    const broken = edges.flatMap((edge) => {
      const why = orderViolation(edge);
      return why ? [`${edge.file} imports "${edge.specifier}": ${why}`] : [];
    });
    expect(broken, broken.join("\n")).toEqual([]);
  });

  it("never imports app/, components/ or server.ts from lib/", () => {
    const upward = sourceFiles(LIB).flatMap((file) =>
      specifiersOf(readFileSync(file, "utf8"))
        .filter((s) => /^(@\/|(\.\.\/)+)(app|components|server)(\/|$)/.test(s))
        .map((s) => `${path.relative(ROOT, file)} imports "${s}"`),
    );
    expect(upward, upward.join("\n")).toEqual([]);
  });

  it("lists every lib folder in exactly one layer", () => {
    const folders = readdirSync(LIB).filter((name) => statSync(path.join(LIB, name)).isDirectory());
    expect([...LAYERS.flat()].sort()).toEqual(folders.sort());
  });
});

// Operations call each other (a deploy hands a swarm request on, scale loads like a deploy): a
// piece two of them need goes into a module of its own, so the imports keep pointing one way.
describe("lib/operations files", () => {
  const edges = fileEdgesIn("operations");

  it("finds the imports between its files (the scanner is not silently blind)", () => {
    expect(edges).toContainEqual(
      expect.objectContaining({ from: "lib/operations/batch.ts", to: "lib/operations/deploy.ts" }),
    );
  });

  it("have no import cycle", () => {
    const cycles = importCycles(edges).map((cycle) => cycle.join(" → "));
    expect(cycles, cycles.join("\n")).toEqual([]);
  });
});

describe("the checks can fail", () => {
  it("reports a cycle and an upward import", () => {
    expect(
      importCycles([
        { from: "db", to: "auth" },
        { from: "auth", to: "db" },
      ]),
    ).toEqual([["db", "auth", "db"]]);
    // Files as the nodes: the cycle deploy.ts ⇄ swarm.ts had, through a third file.
    const deploy = "lib/operations/deploy.ts";
    const swarm = "lib/operations/swarm.ts";
    const start = "lib/operations/deploy-start.ts";
    expect(
      importCycles([
        { from: deploy, to: swarm },
        { from: swarm, to: start },
        { from: start, to: deploy },
      ]),
    ).toEqual([[deploy, swarm, start, deploy]]);
    expect(orderViolation({ from: "db", to: "runs" })).toMatch(/below/);
    expect(orderViolation({ from: "http", to: "runs" })).toMatch(/share a layer/);
    expect(orderViolation({ from: "kernel", to: "db" })).toMatch(/kernel/);
    expect(orderViolation({ from: "runs", to: "db" })).toBeNull();
  });

  it("reads every kind of import", () => {
    const source = [
      'import type { A } from "@/lib/a/x";',
      'export { b } from "../b/y";',
      'import "../c/z";',
      'const d = await import("@/lib/d/w");',
      "import {\n  e,\n} from '@/lib/e/v';",
    ].join("\n");
    expect(specifiersOf(source)).toEqual(["@/lib/a/x", "../b/y", "../c/z", "@/lib/d/w", "@/lib/e/v"]);
  });
});

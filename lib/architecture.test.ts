// The folder order of lib/ (docs/ARCHITECTURE.md), enforced: every import between top-level lib
// folders (type-only ones too: a type is a dependency) must point down the layer list, which also
// rules out cycles between folders; no two files of lib/ import each other, even through others;
// a shared enumeration is listed once. Top-level files (lib/errors.ts, lib/env.ts, …) are the
// kernel: anyone may import them, they import no folder.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { SERVICE_ROLES } from "./compose/service-roles";
import { ROLES } from "./roles";
import * as vocabulary from "./run-vocabulary";

/**
 * Lowest first. A folder may import folders of lower layers only (never its own layer's siblings,
 * never a higher layer). The order follows the data: a compose file becomes a topology, a plan, a
 * run whose events reach the browser and the recorder, and operations wire it all for the routes.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ["secrets", "verdict"], // redaction and the cluster's secret files; an experiment's statistics (pure)
  ["compose"], // compose file → topology model
  ["docker"], // the engine: containers, images, stats, events
  ["catalog", "deploy", "stats"], // topologies on disk; plan → orchestrator → bus; stats sources
  ["swarm", "backups"], // Swarm as a target (over a given engine); snapshots of a topology's volumes
  ["migrations"], // a migration A → B: its steps, the volume correspondence, the data counts (over backups)
  ["db"], // queries over plain typed data (types may come from the layers below)
  ["auth", "prediction"], // users, sessions, tokens, roles (stored through db); predicted startup from stored runs
  ["http", "runs"], // route helpers; run comparisons and exports read from db
  ["realtime"], // socket.io: events and stats to the browser
  ["recording", "metrics"], // the bus and stats → stored runs; → the panel's Prometheus metrics
  ["alerts"], // rules over engine events and runs → stored alerts → channels (webhook, ntfy, email)
  ["operations"], // what routes and the server call: deploy, scale, cleanup, batches
  ["report"], // the analysis report: rules over stored runs, the topology model and verdicts; renderers
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
  if (parts.length > 1) return parts[0] as string;
  // "@/lib/deploy" names the folder (its index.ts), not a kernel file: the folder it is.
  const folder = path.join(LIB, parts[0] as string);
  return existsSync(folder) && statSync(folder).isDirectory() ? (parts[0] as string) : "kernel";
};

type Edge = { file: string; specifier: string; from: string; to: string };

/** The imports of one file (its absolute path and text) that cross from one lib folder to another. */
export const folderEdgesOf = (file: string, source: string): Edge[] => {
  const from = libAreaOf(file) as string;
  return specifiersOf(source).flatMap((specifier) => {
    const target = resolveSpecifier(file, specifier);
    const to = target && libAreaOf(target);
    return to && to !== from ? [{ file: path.relative(ROOT, file), specifier, from, to }] : [];
  });
};

const libEdges = (): Edge[] =>
  sourceFiles(LIB).flatMap((file) => folderEdgesOf(file, readFileSync(file, "utf8")));

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

/** Imports between the files of lib/ (all folders and the kernel), by path from the repository root. */
const libFileEdges = (): Edge[] =>
  sourceFiles(LIB).flatMap((file) =>
    specifiersOf(readFileSync(file, "utf8")).flatMap((specifier) => {
      const target = resolveFile(file, specifier);
      return target && libAreaOf(target) !== null
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

// Files call each other (a deploy hands a swarm request on, socket handlers take the server): a
// piece two of them need goes into a module of its own (lib/operations/deploy-start.ts,
// lib/realtime/panel-io.ts), so the imports keep pointing one way, inside a folder too.
describe("lib files", () => {
  const edges = libFileEdges();

  it("finds the imports between its files, type-only ones too (the scanner is not silently blind)", () => {
    expect(edges).toContainEqual(
      expect.objectContaining({ from: "lib/operations/batch.ts", to: "lib/operations/deploy.ts" }),
    );
    expect(edges).toContainEqual(
      expect.objectContaining({ from: "lib/realtime/run-rooms.ts", to: "lib/realtime/panel-io.ts" }),
    );
    expect(edges).toContainEqual(
      expect.objectContaining({ from: "lib/db/run-columns.ts", to: "lib/run-vocabulary.ts" }),
    );
  });

  it("have no import cycle anywhere in lib/", () => {
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

  it("holds a type-only import to the layer order", () => {
    const edges = folderEdgesOf(
      path.join(LIB, "db", "x.ts"),
      'import type { RunCriticalPath } from "@/lib/runs/run-critical-path";',
    );
    expect(edges).toEqual([expect.objectContaining({ from: "db", to: "runs" })]);
    expect(orderViolation(edges[0] as Edge)).toMatch(/below/);
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

  it("takes an import of a folder's index for that folder, not the kernel", () => {
    // "@/lib/alerts" was read as a kernel file once, so imports through an index went unchecked.
    const edges = folderEdgesOf(path.join(LIB, "operations", "x.ts"), 'import { a } from "@/lib/alerts";');
    expect(edges.map((e) => e.to)).toEqual(["alerts"]);
    expect(libAreaOf(path.join(LIB, "roles"))).toBe("kernel");
  });
});

/**
 * Every module of lib/ that may touch the file system, and why. A topology's files (compose files,
 * include, extends, env files, .env, secrets/configs files, seccomp profiles, mounted config files,
 * data folders) are opened only by lib/compose/confined-file.ts (docs/SECURITY.md): a module that
 * reads one otherwise is one the boundary does not see.
 */
const FILE_SYSTEM_MODULES: Record<string, string> = {
  "lib/compose/confined-file.ts": "THE confined reader: every file a topology names",
  "lib/compose/load-topology.ts":
    "lists the folders under topologies/ (readdir/stat of names, never opens a file)",
  "lib/compose/policy-paths.ts": "resolves real paths for the policy (realpath, never opens a file)",
  "lib/catalog/add-topology.ts": "writes a new topology's compose file into its new folder",
  "lib/backups/snapshots.ts":
    "writes the panel's own snapshot folders (under PANEL_BACKUPS_DIR; no path a topology names)",
  "lib/backups/snapshot-manifest.ts": "reads the panel's own snapshot folders (their manifest and markers)",
  "lib/backups/snapshot-restore.ts":
    "reads a snapshot's archives (sha256 checked) and removes the panel's own snapshot folders",
  "lib/backups/data-stores.ts":
    "creates a missing data folder for a restore, inside the topology's folder (confinedPath checks before and after)",
  "lib/secrets/cluster-secrets.ts":
    "lists topology folders; their .env is read by readDotEnv (non-blocking, type-checked)",
  "lib/dot-env.ts":
    "the panel's own env files (data/cluster.env, images/local-images.env), non-blocking, type-checked",
  "lib/auth/password.ts": "the shipped common-passwords list",
  "lib/db/postgres-migrations.ts": "the shipped migrations",
  "lib/db/url.ts": "the database file's folder",
  "lib/db/write-health.ts": "the database folder's free space and a probe write (the panel's own files)",
  "lib/deploy/data-state.ts": "counts and removes data folders (dataFoldersOf picks them through the reader)",
  "lib/deploy/generated-files.ts": "writes the files the panel generates (secrets/configs from variables)",
  "lib/deploy/load-balancer/binding.ts":
    "the panel's generated nginx files under data/ (the topology's own config through the reader)",
  "lib/deploy/prepare.ts": "creates missing bind-mount folders inside the topology's folder",
  "lib/docker/engine-health-facts.ts":
    "statfs of Docker's data root (the engine's DockerRootDir), never a read",
  "lib/docker/host-facts.ts": "/proc/net/tcp of the panel's host",
  // A build context is a folder listed here, never read (docs/SECURITY.md): FIFOs/devices refused.
  "lib/docker/images.ts":
    "lists a build context's files for the Engine (the policy judges the context's real path)",
  "lib/operations/image-kit.ts": "whether the host is Debian (/etc/debian_version)",
  "lib/recording/owner.ts": "the host's boot id and a pid's start time",
  "lib/stats/kernel-counters.ts": "cgroup counters of containers",
  "lib/report/pdf.ts": "the report's HTML and PDF in a temporary folder Chromium prints in",
  "lib/stats/cpu-throttling.ts": "the cpu.stat throttling counters of a container's cgroup",
  "lib/stats/kernel-host.ts": "/proc and cgroup facts of the host",
};

const FS_SPECIFIER = /^(node:)?fs(\/promises)?$/;

describe("the confined file reader", () => {
  it("is the only module of lib/compose that opens files, and every lib module touching the file system is listed with its reason", () => {
    const touching = sourceFiles(LIB)
      .filter((file) => specifiersOf(readFileSync(file, "utf8")).some((s) => FS_SPECIFIER.test(s)))
      .map((file) => path.relative(ROOT, file))
      .sort();
    expect(touching).toEqual(Object.keys(FILE_SYSTEM_MODULES).sort());
    const compose = touching.filter((file) => file.startsWith("lib/compose/"));
    expect(compose).toEqual([
      "lib/compose/confined-file.ts",
      "lib/compose/load-topology.ts",
      "lib/compose/policy-paths.ts",
    ]);
    // The two others never open or read a file.
    for (const file of compose.filter((f) => !f.endsWith("confined-file.ts")))
      expect(readFileSync(path.join(ROOT, file), "utf8"), file).not.toMatch(
        /\b(readFile|readFileSync|open|openSync|createReadStream|opendir)\(/,
      );
  });
});

// The Engine gate (lib/docker/engine-gate.ts, docs/SECURITY.md) is the only code that sends the
// requests through which a deploy, scale or build reaches the host; everyone else asks the gate.
const ENGINE_CREATE =
  /(\w+)\s*(?:\([^()]*\))?\s*\.\s*(createContainer|createVolume|createNetwork|buildImage|createService|run|connect)\s*\(/g;
const GATE_FILE = "lib/docker/engine-gate.ts";

/** Calls of the Engine's create/connect/build methods in `source` whose receiver is not a gate. */
export const ungatedEngineCalls = (source: string): string[] =>
  [...source.matchAll(ENGINE_CREATE)]
    .filter(([, receiver, method]) => {
      if (receiver === "gate") return false;
      // `connect` and `run` are common names: only a network's connect or dockerode's run count.
      if (method === "connect") return receiver === "getNetwork";
      if (method === "run") return /docker/i.test(receiver ?? "");
      return true;
    })
    .map(([call]) => call);

describe("the Engine gate", () => {
  const appFiles = (dir: string): string[] =>
    existsSync(dir)
      ? readdirSync(dir).flatMap((name) => {
          const full = path.join(dir, name);
          if (statSync(full).isDirectory()) return appFiles(full);
          return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
        })
      : [];
  const files = [...sourceFiles(LIB), ...appFiles(path.join(ROOT, "app")), path.join(ROOT, "server.ts")];

  it("is the only module that creates containers, volumes, networks, services or builds images", () => {
    const outside = files.flatMap((file) => {
      const rel = path.relative(ROOT, file);
      if (rel === GATE_FILE) return [];
      return ungatedEngineCalls(readFileSync(file, "utf8")).map((call) => `${rel}: ${call}`);
    });
    expect(outside, outside.join("\n")).toEqual([]);
  });

  it("finds the calls it forbids (the scanner is not silently blind)", () => {
    const gate = readFileSync(path.join(ROOT, GATE_FILE), "utf8");
    expect(ungatedEngineCalls(gate).length).toBeGreaterThanOrEqual(5);
    expect(
      ungatedEngineCalls(
        [
          "await docker.createVolume({ Name: n });",
          "await getDocker().createContainer(spec);",
          "await docker.getNetwork(id).connect({ Container: c });",
          "await manager.createService(spec);",
          "await gate.createVolume(body);",
          "await client.connect();",
        ].join("\n"),
      ),
    ).toEqual([
      "docker.createVolume(",
      "getDocker().createContainer(",
      "getNetwork(id).connect(",
      "manager.createService(",
    ]);
  });
});

// lib/db stores what the runs below it produce, so it sits above them and names their shapes; it
// never runs their code: from a folder that reaches an engine it takes types only (docs/ARCHITECTURE.md).
const ENGINE_FOLDERS = ["docker", "deploy", "stats", "swarm", "backups", "catalog"];
const IMPORT_CLAUSE =
  /(?:^|[\s;])(import|export)\s+(type\s+)?([^'"]*?)\s*\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** The specifiers a file imports values from (not `import type`, not `{ type A, type B }`). */
export const valueSpecifiersOf = (source: string): string[] =>
  [...source.matchAll(IMPORT_CLAUSE)].flatMap((m) => {
    if (m[5]) return [m[5]];
    const [, , typeOnly, clause = "", specifier = ""] = m;
    if (typeOnly) return [];
    const names = /^\{([\s\S]*)\}$/.exec(clause.trim())?.[1];
    const everyNameIsAType =
      names !== undefined &&
      names
        .split(",")
        .map((n) => n.trim())
        .filter(Boolean)
        .every((n) => n.startsWith("type "));
    return everyNameIsAType ? [] : [specifier];
  });

describe("lib/db", () => {
  it("takes only types from the folders that reach an engine", () => {
    const values = sourceFiles(path.join(LIB, "db")).flatMap((file) =>
      valueSpecifiersOf(readFileSync(file, "utf8"))
        .filter((s) => ENGINE_FOLDERS.includes(libAreaOf(resolveSpecifier(file, s) ?? "") ?? ""))
        .map((s) => `${path.relative(ROOT, file)} imports a value from "${s}"`),
    );
    expect(values, values.join("\n")).toEqual([]);
  });

  it("tells a value import from a type import", () => {
    expect(
      valueSpecifiersOf(
        [
          'import type { A } from "@/lib/deploy/a";',
          'import { type B, type C } from "@/lib/deploy/b";',
          'import { D, type E } from "@/lib/deploy/d";',
          'import { z } from "zod";',
          'export { F } from "@/lib/docker/f";',
          'const g = await import("@/lib/docker/g");',
        ].join("\n"),
      ),
    ).toEqual(["@/lib/deploy/d", "zod", "@/lib/docker/f", "@/lib/docker/g"]);
  });
});

/**
 * The enumerations the code shares, each defined once in its home (docs/ARCHITECTURE.md "One list
 * per choice"). Another array literal or union type that lists all of one's values is a second
 * definition: it drifts the day a value is added.
 */
const SHARED_ENUMERATIONS: { name: string; home: string; values: readonly string[] }[] = [
  ...Object.entries(vocabulary)
    .filter(([name, value]) => /^[A-Z_]+$/.test(name) && Array.isArray(value))
    .map(([name, values]) => ({ name, home: "lib/run-vocabulary.ts", values: values as readonly string[] })),
  { name: "ROLES", home: "lib/roles.ts", values: ROLES },
  { name: "SERVICE_ROLES", home: "lib/compose/service-roles.ts", values: SERVICE_ROLES },
];

const STRING_LIST = /\[\s*((?:["'][^"'\n]*["']\s*,\s*)*["'][^"'\n]*["'])\s*,?\s*\]/g;
const STRING_UNION = /(?:["'][^"'\n]*["']\s*\|\s*)+["'][^"'\n]*["']/g;

/** Each array literal of strings and each union of string literals in a source text, as its values. */
export const stringListsOf = (source: string): string[][] =>
  [...source.matchAll(STRING_LIST), ...source.matchAll(STRING_UNION)].map((m) =>
    [...(m[1] ?? m[0]).matchAll(/["']([^"'\n]*)["']/g)].map((v) => v[1] as string),
  );

/** The shared enumerations whose every value a source text lists again (outside `home`). */
export const secondDefinitionsIn = ({ file, source }: { file: string; source: string }): string[] =>
  stringListsOf(source).flatMap((list) => {
    // The largest enumeration the list repeats (RUN_STATUSES, not also RUN_OUTCOMES within it).
    const [again] = SHARED_ENUMERATIONS.filter(
      ({ home, values }) => file !== home && values.every((v) => list.includes(v)),
    ).sort((a, b) => b.values.length - a.values.length);
    return again
      ? [
          `${file}: lists every value of ${again.name} again (${list.join(", ")}): import it from ${again.home}`,
        ]
      : [];
  });

describe("one list per choice", () => {
  const codeFiles = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return name === "fixtures" ? [] : codeFiles(full);
      return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith(".d.ts") ? [full] : [];
    });
  const files = [
    ...["lib", "components", "app", "cli"].flatMap((dir) => codeFiles(path.join(ROOT, dir))),
    path.join(ROOT, "server.ts"),
  ];

  it("defines each shared enumeration once", () => {
    const again = files.flatMap((file) =>
      secondDefinitionsIn({ file: path.relative(ROOT, file), source: readFileSync(file, "utf8") }),
    );
    expect(again, again.join("\n")).toEqual([]);
  });

  it("finds each enumeration's own list in its home (the scanner is not silently blind)", () => {
    const listed = (name: string, home: string) =>
      stringListsOf(readFileSync(path.join(ROOT, home), "utf8")).some((list) =>
        SHARED_ENUMERATIONS.find((e) => e.name === name)?.values.every((v) => list.includes(v)),
      );
    for (const name of [
      "STRATEGIES",
      "FIT_MODES",
      "RUN_KINDS",
      "PROBE_KINDS",
      "PROBE_MODES",
      "SERVICE_STATES",
    ])
      expect(listed(name, "lib/run-vocabulary.ts"), name).toBe(true);
    expect(listed("ROLES", "lib/roles.ts")).toBe(true);
    expect(listed("SERVICE_ROLES", "lib/compose/service-roles.ts")).toBe(true);
  });

  it("reports a second list, as an array or a union type, and not a list of other values", () => {
    const found = (source: string) => secondDefinitionsIn({ file: "components/x.tsx", source });
    expect(found('{(["sequential", "phased", "dag"] as const).map((s) => s)}')).toEqual([
      expect.stringMatching(/STRATEGIES/),
    ]);
    expect(
      found('kind: z.enum([\n  "deploy",\n  "teardown",\n  "scale",\n  "latency",\n  "migration",\n]),'),
    ).toEqual([expect.stringMatching(/RUN_KINDS/)]);
    expect(found('type S = "healthy" | "failed" | "cancelled" | "torn_down";')).toEqual([
      expect.stringMatching(/RUN_OUTCOMES/),
    ]);
    expect(found('.choices(["sequential", "phased"])')).toEqual([]);
    expect(found("z.enum(STRATEGIES)")).toEqual([]);
  });
});

// docs/ARCHITECTURE.md draws the same picture: its folder table lists each folder in its LAYERS
// layer with the lib folders it imports, so the document cannot drift from the code it describes.
const DOC = path.join(ROOT, "docs", "ARCHITECTURE.md");
const TABLE_ROW = /^\|\s*(\d+)\s*\|\s*`lib\/([a-z-]+)`\s*\|[^|]*\|\s*([^|]*?)\s*\|\s*$/gm;

/** The folder table of docs/ARCHITECTURE.md: each folder's layer (1 = lowest) and the folders it names as imported. */
export const documentedFolders = (markdown: string): Map<string, { layer: number; imports: string[] }> =>
  new Map(
    [...markdown.matchAll(TABLE_ROW)].map((m) => [
      m[2] as string,
      {
        layer: Number(m[1]),
        imports: [...(m[3] as string).matchAll(/`([a-z-]+)`/g)].map((i) => i[1] as string).sort(),
      },
    ]),
  );

describe("docs/ARCHITECTURE.md", () => {
  const documented = documentedFolders(readFileSync(DOC, "utf8"));

  it("lists every folder in its LAYERS layer", () => {
    const inLayers = LAYERS.flatMap((layer, index) => layer.map((folder) => `${folder}: layer ${index + 1}`));
    const inDoc = [...documented].map(([folder, { layer }]) => `${folder}: layer ${layer}`);
    expect(inDoc.sort()).toEqual(inLayers.sort());
  });

  it("names, for each folder, exactly the lib folders it imports", () => {
    const imported = new Map<string, Set<string>>();
    for (const { from, to } of libEdges())
      if (from !== "kernel" && to !== "kernel") imported.set(from, (imported.get(from) ?? new Set()).add(to));
    const wrong = [...documented].flatMap(([folder, { imports }]) => {
      const actual = [...(imported.get(folder) ?? [])].sort();
      return actual.join() === imports.join()
        ? []
        : [
            `lib/${folder}: the table says ${imports.join(", ") || "none"}; the code imports ${actual.join(", ") || "none"}`,
          ];
    });
    expect(wrong, wrong.join("\n")).toEqual([]);
  });
});

describe("dockerode", () => {
  const files = [...sourceFiles(LIB), path.join(ROOT, "server.ts")];

  it("is used (as a value: a client made, a class called) only in lib/docker; others name its types", () => {
    const outside = files.flatMap((file) => {
      const rel = path.relative(ROOT, file);
      if (rel.startsWith("lib/docker/")) return [];
      return valueSpecifiersOf(readFileSync(file, "utf8"))
        .filter((s) => s === "dockerode")
        .map(() => `${rel} imports a value from "dockerode"`);
    });
    expect(outside, outside.join("\n")).toEqual([]);
    const typeUsers = files.filter((file) =>
      /import type \w+ from "dockerode"/.test(readFileSync(file, "utf8")),
    );
    expect(typeUsers.length).toBeGreaterThan(3);
  });
});

/** Each function (declaration, expression, arrow, method) of a file longer than `maxLines`, as "name (N lines)". */
export const longFunctions = (file: string, source: string, maxLines: number): string[] => {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const visit = (node: ts.Node, name: string): void => {
    if (
      ts.isFunctionDeclaration(node) ||
      ts.isFunctionExpression(node) ||
      ts.isArrowFunction(node) ||
      ts.isMethodDeclaration(node)
    ) {
      const lines =
        sf.getLineAndCharacterOfPosition(node.getEnd()).line -
        sf.getLineAndCharacterOfPosition(node.getStart(sf)).line +
        1;
      if (lines > maxLines) found.push(`${node.name?.getText(sf) ?? name} (${lines} lines)`);
    }
    const next = ts.isVariableDeclaration(node) ? node.name.getText(sf) : name;
    ts.forEachChild(node, (child) => visit(child, next));
  };
  visit(sf, "(anonymous)");
  return found;
};

describe("pages only lay out", () => {
  const pageFiles = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return pageFiles(full);
      return /^(page|layout)\.tsx$/.test(name) ? [full] : [];
    });

  it("has no page or layout function over 100 lines (its data comes from a page model, its sections are components)", () => {
    const long = pageFiles(path.join(ROOT, "app")).flatMap((file) =>
      longFunctions(file, readFileSync(file, "utf8"), 100).map((f) => `${path.relative(ROOT, file)}: ${f}`),
    );
    expect(long).toEqual([]);
  });

  it("measures a function's lines (the check can fail)", () => {
    const body = Array.from({ length: 101 }, (_, i) => `  const a${i} = ${i};`).join("\n");
    expect(longFunctions("x.tsx", `const Page = () => {\n${body}\n};`, 100)).toEqual(["Page (103 lines)"]);
    expect(longFunctions("x.tsx", `function short() {\n  return 1;\n}`, 100)).toEqual([]);
  });
});

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { readDotEnv } from "../dot-env";
import { serviceDifferences, topLevelDifferences, COMPARED_KEYS } from "@/test/fixtures/corpus-compare";
import type { Difference } from "@/test/fixtures/corpus-compare";
import { COMPARED_THROUGH, EXPLAINED, NEWER_THAN_1_29 } from "@/test/fixtures/corpus-explained";
import type { SecretGrant } from "@/test/fixtures/corpus-explained";
import {
  configOfCopy,
  corpusEntries,
  hasCompose129,
  readCorpusDocument,
  referenceConfig,
} from "@/test/fixtures/corpus-reference";
import type { CliConfig, CorpusEntry } from "@/test/fixtures/corpus-reference";
import { loadTopology } from "./load-topology";
import { parseTopology } from "./parse-topology";
import type { ComposeIssue, Topology } from "./types";

// Real compose files of public projects (folder, SOURCE and LICENSE in test/fixtures/compose-corpus),
// each loaded by the panel and by docker-compose 1.29's `config`, and compared service by service,
// field by field. A difference passes only when an entry of corpus-explained.ts covers its values.

const entries = corpusEntries();
/** The explanations some difference needed: an explanation nothing needs is stale. */
const used = new Set<string>();
/** 1.29's config per project, kept from the comparison for the later checks (each run takes ~1 s). */
const references = new Map<string, CliConfig>();

type PanelLoad = { topology: Topology; refused: ComposeIssue[]; warnings: ComposeIssue[] };

/**
 * Removes the node an issue's path names (services.<name>.<key>, a top-level key, or anything below
 * a key, such as one port's option). Names holding dots are matched greedily against the document.
 * False when the path names nothing removable: a whole service, or nothing in the file.
 */
const removeAt = (document: Record<string, unknown>, path: string): boolean => {
  let node: unknown = document;
  let rest = path.split(".");
  let depth = 0;
  while (rest.length > 0 && node !== null && typeof node === "object") {
    const record = node as Record<string, unknown>;
    // The longest prefix of the remaining segments that is a key here (a name may contain dots).
    const size = [...rest.keys()].reverse().find((n) => rest.slice(0, n + 1).join(".") in record);
    if (size === undefined) return false;
    const key = rest.slice(0, size + 1).join(".");
    rest = rest.slice(size + 1);
    depth += 1;
    if (rest.length === 0) {
      if (depth === 2 && path.startsWith("services.")) return false;
      if (Array.isArray(record)) record.splice(Number(key), 1);
      else delete record[key];
      return true;
    }
    node = record[key];
  }
  return false;
};

const rawServices = (entry: CorpusEntry): Record<string, Record<string, unknown>> =>
  (readCorpusDocument(entry.file) as { services: Record<string, Record<string, unknown>> }).services;

/**
 * The panel's load. Where it refuses a key (an error at its path), the refusal is the expected
 * outcome for that key, unless the key is one compared field by field as a whole; the rest of the
 * file is then compared from a copy without the refused keys.
 */
const panelLoad = async (entry: CorpusEntry): Promise<PanelLoad> => {
  // Every profile the file declares: 1.29's `config` prints the services of all profiles.
  const profiles = [
    ...new Set(
      Object.values(rawServices(entry)).flatMap((raw) => (raw.profiles as string[] | undefined) ?? []),
    ),
  ];
  const result = await loadTopology({ file: entry.file, profiles });
  if (result.ok) return { topology: result.topology, refused: [], warnings: result.warnings };
  const document = readCorpusDocument(entry.file);
  // Last index first: removing services.x.secrets.3 must not shift .4 and .5 of the same list.
  const lastFirst = [...result.errors].sort((a, b) =>
    (b.path ?? "").localeCompare(a.path ?? "", "en", { numeric: true }),
  );
  const unexplained = lastFirst.filter((error) => {
    const path = error.path ?? "";
    const whole = /^services\.[^.]+\.([^.]+)$/.exec(path)?.[1];
    return (whole !== undefined && COMPARED_KEYS.has(whole)) || !removeAt(document, path);
  });
  if (unexplained.length > 0)
    throw new Error(`the panel refuses ${entry.file}:\n${unexplained.map((e) => e.message).join("\n")}`);
  const env = readDotEnv({ file: join(entry.dir, ".env") });
  const again = parseTopology({ text: stringify(document), file: entry.file, env, profiles });
  if (!again.ok) throw new Error(again.errors.map((e) => e.message).join("\n"));
  return { topology: again.topology, refused: result.errors, warnings: again.warnings };
};

/** Top-level keys the panel reads (version is obsolete; Compose v2 ignores it too, with a warning). */
const TOP_LEVEL_READ = new Set(["services", "networks", "volumes", "name", "version"]);

describe.skipIf(!hasCompose129)("the compose corpus against docker-compose 1.29 `config`", () => {
  it("holds at least 25 real-world files, each with its licence and source", () => {
    expect(entries.length).toBeGreaterThanOrEqual(25);
    for (const entry of entries) {
      const source = readFileSync(join(entry.dir, "SOURCE"), "utf8");
      expect(source).toMatch(/^repository: https:\/\/github.com\/\S+$/m);
      expect(source).toMatch(/^commit: [0-9a-f]{40}$/m);
      expect(readFileSync(join(entry.dir, "LICENSE"), "utf8").length).toBeGreaterThan(100);
    }
  });

  for (const entry of entries) {
    describe(entry.project, async () => {
      const newer = NEWER_THAN_1_29[entry.project] ?? [];
      const reference = referenceConfig({ entry, newer });
      references.set(entry.project, reference.config);
      const panel = await panelLoad(entry);

      it("every service, field by field: equal, or the difference explained", async () => {
        const differences: Difference[] = [
          ...serviceDifferences({ topology: panel.topology, reference: reference.config }),
          ...topLevelDifferences({ topology: panel.topology, reference: reference.config }),
        ];
        const unexplained = differences.filter((difference) => {
          const secrets = (reference.config.services[difference.service]?.secrets ?? []).map(
            (grant): SecretGrant => (typeof grant === "string" ? { source: grant } : grant),
          );
          const covering = EXPLAINED.find(
            (explanation) =>
              (difference.key === explanation.key ||
                (explanation.key.endsWith(".") && difference.key.startsWith(explanation.key))) &&
              explanation.covers(difference, { secrets }),
          );
          if (covering) used.add(covering.why);
          return !covering;
        });
        expect(unexplained).toEqual([]);
      });

      it("no key is dropped without a word: compared (as itself or through another field), refused or warned about", async () => {
        const issues = [...panel.refused, ...panel.warnings];
        const reported = (path: string) =>
          issues.some((issue) => issue.path === path || issue.path?.startsWith(`${path}.`));
        const document = readCorpusDocument(entry.file);
        const dropped: string[] = [];
        for (const key of Object.keys(document))
          if (!TOP_LEVEL_READ.has(key) && !key.startsWith("x-") && !reported(key) && !COMPARED_THROUGH[key])
            dropped.push(key);
        for (const [service, raw] of Object.entries(rawServices(entry)))
          for (const key of Object.keys(raw)) {
            const path = `services.${service}.${key}`;
            if (!COMPARED_KEYS.has(key) && !key.startsWith("x-") && !reported(path) && !COMPARED_THROUGH[key])
              dropped.push(path);
          }
        expect(dropped).toEqual([]);
      });

      if (newer.length > 0)
        it(`1.29 refuses each key newer than it (${newer.map((k) => k.path.at(-1)).join(", ")})`, async () => {
          expect(reference.refusedOriginal).not.toBeNull();
          // Each key alone (the others stripped) is enough for 1.29 to refuse the file.
          for (const key of newer)
            expect(() => referenceConfig({ entry, newer: newer.filter((other) => other !== key) })).toThrow(
              `'${key.path.at(-1)}'`,
            );
        }, 60_000);
    });
  }

  it("every explanation of the reference or of a panel choice is needed by some corpus file", async () => {
    const stale = EXPLAINED.filter((e) => !used.has(e.why)).map((e) => e.why);
    expect(stale).toEqual([]);
  });

  it("svix: the panel refuses start_interval (Engine API 1.41 cannot express it), which 1.29 cannot read", async () => {
    const svix = entries.find((entry) => entry.project === "svix");
    if (!svix) throw new Error("svix missing from the corpus");
    const { refused } = await panelLoad(svix);
    expect(refused).toContainEqual(
      expect.objectContaining({
        code: "unsupported_key",
        path: "services.pgbouncer.healthcheck.start_interval",
        message: expect.stringMatching(/Engine API 1\.44/),
      }),
    );
  });

  it("the helpers read files with the loader's alias limits, and write 1.29's copies as YAML 1.1", () => {
    // Sentry self-hosted: 145 alias uses, past yaml's default cap of 100.
    const sentry = entries.find((entry) => entry.project === "sentry-self-hosted");
    if (!sentry) throw new Error("sentry-self-hosted missing from the corpus");
    expect(() => parse(readFileSync(sentry.file, "utf8"), { merge: true })).toThrow(/alias/i);
    expect(Object.keys(readCorpusDocument(sentry.file).services as object).length).toBeGreaterThan(50);
    const config = configOfCopy(
      { services: { s: { image: "x", environment: { MODE: "off", ON: "yes" } } } },
      sentry.dir,
    );
    expect(config.services.s?.environment).toEqual({ MODE: "off", ON: "yes" });
  });

  it("fails on a difference no explanation covers (the comparison can fail)", async () => {
    const flagsmith = entries.find((entry) => entry.project === "flagsmith");
    if (!flagsmith) throw new Error("flagsmith missing from the corpus");
    const { topology } = await panelLoad(flagsmith);
    const config = references.get("flagsmith");
    if (!config) throw new Error("no reference for flagsmith");
    const changed = {
      ...config,
      services: {
        ...config.services,
        postgres: { ...config.services.postgres, image: "postgres:16", restart: "always", user: "nobody" },
      },
    };
    const differences = serviceDifferences({ topology, reference: changed }).filter(
      (d) => d.service === "postgres",
    );
    expect(differences.map((d) => `${d.service}.${d.key}`)).toEqual([
      "postgres.image",
      "postgres.restart",
      "postgres.user",
    ]);
    expect(
      differences.some((d) => EXPLAINED.some((e) => e.key === d.key && e.covers(d, { secrets: [] }))),
    ).toBe(false);
  });
});

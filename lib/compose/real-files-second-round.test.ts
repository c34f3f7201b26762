// What nine more public compose files showed (issue 32): each numbered point's behaviour, on small
// files written to show it. The real files themselves are in test/fixtures/compose-corpus.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { engineHealthcheck } from "@/lib/docker/container-spec";
import { effectiveComposeFile } from "./effective-file";
import { listTopologies, loadTopology } from "./load-topology";
import { chooseComposeFiles } from "./project-files";
import { parseTopology } from "./parse-topology";
import { MAX_EXPANDED_NODES, parseYamlSource } from "./yaml-source";
import type { ComposeIssue, Topology } from "./types";

const FILE = "/srv/round2/compose.yaml";
const COMPOSE_1_29 = "/usr/bin/docker-compose";
const SENTRY = fileURLToPath(
  new URL("../../test/fixtures/compose-corpus/sentry-self-hosted/docker-compose.yml", import.meta.url),
);

const load = (text: string, env: Record<string, string> = {}): Topology => {
  const result = parseTopology({ text, file: FILE, env });
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("\n"));
  return result.topology;
};

const refusal = (text: string, env: Record<string, string> = {}): ComposeIssue[] => {
  const result = parseTopology({ text, file: FILE, env });
  if (result.ok) throw new Error("the file loaded");
  return result.errors;
};

const scratch = mkdtempSync(join(tmpdir(), "round2-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** docker-compose 1.29's verdict on a file: null when `config` accepts it, else its message. */
const compose129Refusal = (text: string): string | null => {
  const file = join(scratch, "compose.yaml");
  writeFileSync(file, text);
  try {
    execFileSync(COMPOSE_1_29, ["-f", file, "config"], {
      cwd: scratch,
      stdio: "pipe",
      env: { NODE_ENV: "test", PATH: process.env.PATH ?? "" },
    });
    return null;
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error);
  }
};

describe("3. healthcheck.disable: false keeps the image's check", () => {
  it("a health check that only says disable: false overrides nothing", () => {
    const service = load(`services:\n  s:\n    image: x\n    healthcheck:\n      disable: false\n`)
      .services[0];
    expect(service?.healthcheck).toBeNull();
    expect(service?.healthcheckDisabled).toBe(false);
    if (service) expect(engineHealthcheck(service)).toBeUndefined();
  });

  it.skipIf(!existsSync(COMPOSE_1_29))(
    "the effective file never writes test: [] (docker-compose config refuses it)",
    () => {
      for (const check of ["disable: false", "interval: 10s", "disable: false\n      retries: 5"]) {
        const topology = load(`services:\n  s:\n    image: x\n    healthcheck:\n      ${check}\n`);
        const text = effectiveComposeFile({ topology });
        expect(text).not.toMatch(/test: \[\]/);
        expect(compose129Refusal(text)).toBeNull();
      }
    },
    60_000,
  );
});

describe("2. build.args without a value take it from the interpolation sources", () => {
  it("list and map forms: the variable's value, or no argument at all when it is unset", () => {
    const text = `services:
  web:
    build:
      context: .
      args:
        - SENTRY_IMAGE
        - PLAIN=1
        - NOT_SET
  worker:
    build:
      context: .
      args:
        RELAY: null
        EMPTY: ""
        NOT_SET:
`;
    const [web, worker] = load(text, { SENTRY_IMAGE: "getsentry/sentry:nightly", RELAY: "relay:1" }).services;
    expect(web?.build?.args).toEqual({ SENTRY_IMAGE: "getsentry/sentry:nightly", PLAIN: "1" });
    expect(worker?.build?.args).toEqual({ RELAY: "relay:1", EMPTY: "" });
  });
});

describe("6. an error caused by an unset variable names the variable and its line", () => {
  const text = `services:
  app:
    image: x
    restart: \${RESTART_POLICY}
    volumes:
      - \${UPLOAD_LOCATION}:/data
    healthcheck:
      test: ["CMD", "true"]
      interval: \${HEALTHCHECK_INTERVAL}
      retries: $UNSET_RETRIES
`;

  it("each error says which variable was empty, at the line that used it", () => {
    const errors = refusal(text);
    const about = (variable: string) => errors.find((e) => e.message.includes(variable));
    expect(about("RESTART_POLICY")).toMatchObject({ line: 4, unsetVariables: ["RESTART_POLICY"] });
    expect(about("UPLOAD_LOCATION")).toMatchObject({ line: 6, unsetVariables: ["UPLOAD_LOCATION"] });
    expect(about("HEALTHCHECK_INTERVAL")).toMatchObject({
      line: 9,
      unsetVariables: ["HEALTHCHECK_INTERVAL"],
    });
    for (const error of errors) expect(error.message).toMatch(/is not set/);
  });

  it("retries: $UNSET is refused naming the variable, never 0", () => {
    const errors = refusal(
      `services:\n  app:\n    image: x\n    healthcheck:\n      test: ["CMD", "true"]\n      retries: $UNSET_RETRIES\n`,
    );
    expect(errors).toEqual([
      expect.objectContaining({
        line: 6,
        path: "services.app.healthcheck.retries",
        unsetVariables: ["UNSET_RETRIES"],
      }),
    ]);
  });

  it("the same file with its variables set loads", () => {
    const topology = load(text, {
      RESTART_POLICY: "always",
      UPLOAD_LOCATION: "./library",
      HEALTHCHECK_INTERVAL: "5s",
      UNSET_RETRIES: "4",
    });
    expect(topology.services[0]?.healthcheck).toMatchObject({ intervalMs: 5000, retries: 4 });
  });
});

/** A "billion laughs" file: each level aliases the one before ten times, padded to `sizeBytes`. */
const aliasBomb = (sizeBytes: number): string => {
  const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
  for (let level = 1; level < 9; level += 1) {
    const name = String.fromCharCode(97 + level);
    const previous = String.fromCharCode(96 + level);
    levels.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(", ")}]`);
  }
  const head = `x-bomb:\n${levels.map((line) => `  ${line}`).join("\n")}\nservices:\n  s:\n    image: x\n    command: *i\n`;
  return `${head}#${"-".repeat(Math.max(0, sizeBytes - head.length - 2))}\n`;
};

describe("1. the alias cap bounds what the expansion produces, not how often an anchor is used", () => {
  const sentry = readFileSync(SENTRY, "utf8");

  it("a real heavily anchored file (sentry self-hosted: 14 anchors, 145 alias uses) parses", () => {
    expect((sentry.match(/&[a-z_-]+/g) ?? []).length).toBeGreaterThanOrEqual(13);
    expect((sentry.match(/\*[a-z_-]+/g) ?? []).length).toBeGreaterThanOrEqual(142);
    const parsed = parseYamlSource({ text: sentry, file: SENTRY });
    expect(parsed.ok).toBe(true);
  });

  it("an alias bomb of the same size in the source is refused, naming the alias's line", () => {
    const bomb = aliasBomb(sentry.length);
    expect(bomb.length).toBe(sentry.length);
    const parsed = parseYamlSource({ text: bomb, file: FILE });
    expect(parsed).toEqual({
      ok: false,
      errors: [
        expect.objectContaining({
          code: "yaml_syntax",
          line: 14,
          message: expect.stringContaining(`more than ${MAX_EXPANDED_NODES.toLocaleString("en")} nodes`),
        }),
      ],
    });
  });

  it("a few long strings aliased many times are bounded in bytes too", () => {
    const long = `x-big: &big "${"y".repeat(100_000)}"\nservices:\n  s:\n    image: x\n    environment:\n${Array.from({ length: 300 }, (_, index) => `      V${index}: *big`).join("\n")}\n`;
    const parsed = parseYamlSource({ text: long, file: FILE });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[0]?.message).toMatch(/bytes/);
  });
});

/** A topology folder under a fresh root holding `files` (name → text); returns the root and folder. */
const folder = (files: Record<string, string>): { root: string; dir: string } => {
  const root = mkdtempSync(join(scratch, "root-"));
  const dir = join(root, "app");
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return { root, dir };
};
const SERVICE = "services:\n  web:\n    image: nginx\n";

describe("5. which files make the project: chosen as Compose chooses them, or picked", () => {
  it("the base by Compose's names, not the alphabet; then its override file", () => {
    const { root, dir } = folder({
      "docker-compose.yml": SERVICE,
      "docker-compose.without-nginx.yml": "services:\n  app:\n    build: .\n",
      "docker-compose.override.yml": SERVICE,
    });
    const [entry] = listTopologies({ root });
    expect(entry?.files).toEqual([join(dir, "docker-compose.yml"), join(dir, "docker-compose.override.yml")]);
    expect(entry?.chosenBy).toBe("default names");
    expect(entry?.candidates).toContain(join(dir, "docker-compose.without-nginx.yml"));
  });

  it("Compose's order: compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml; the first override found", () => {
    const order = ["compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"];
    const overrides = ["docker-compose.override.yaml", "compose.override.yml"];
    order.forEach((base, index) => {
      const choice = chooseComposeFiles({
        dir: "/p",
        names: [...order.slice(index).reverse(), ...overrides],
      });
      expect(choice.files).toEqual([`/p/${base}`, "/p/compose.override.yml"]);
    });
  });

  it("a folder with only the panel's own names keeps its one file; several are named in a note", () => {
    expect(chooseComposeFiles({ dir: "/p", names: ["docker-compose-training.yml"] })).toMatchObject({
      files: ["/p/docker-compose-training.yml"],
      chosenBy: "only file",
      note: null,
    });
    expect(
      chooseComposeFiles({
        dir: "/p",
        names: ["b-compose.yml", "docker-compose-a.yml", "docker-compose-b.yml"],
      }),
    ).toMatchObject({
      files: ["/p/docker-compose-a.yml"],
      chosenBy: "first of several",
      note: expect.stringContaining("COMPOSE_FILE"),
    });
  });

  it("a person picks files explicitly (inside the folder only), in their order", () => {
    const names = ["docker-compose.yml", "docker-compose.without-nginx.yml"];
    expect(
      chooseComposeFiles({ dir: "/p", names, requested: ["docker-compose.without-nginx.yml"] }),
    ).toMatchObject({
      files: ["/p/docker-compose.without-nginx.yml"],
      chosenBy: "request",
    });
    expect(chooseComposeFiles({ dir: "/p", names, requested: ["../other/compose.yaml"] })).toMatchObject({
      files: [],
      problem: {
        field: "files",
        message: expect.stringMatching(
          /"..\/other\/compose.yaml" is not a YAML file of this folder \(its files: docker-compose.without-nginx.yml, docker-compose.yml\)/,
        ),
      },
    });
  });
});

describe("4. the folder's .env settings for Compose itself", () => {
  const files = {
    "docker-compose.yml": `services:\n  web:\n    image: nginx\n  extra:\n    image: redis\n    profiles: [feature-complete]\n  debug:\n    image: busybox\n    profiles: [debug]\n`,
    "docker-compose.more.yml": "services:\n  more:\n    image: redis\n",
  };

  it("COMPOSE_FILE picks the files (split on COMPOSE_PATH_SEPARATOR, else :)", () => {
    const { root, dir } = folder({
      ...files,
      ".env": "COMPOSE_FILE=docker-compose.yml:docker-compose.more.yml\n",
    });
    expect(listTopologies({ root })[0]).toMatchObject({
      files: [join(dir, "docker-compose.yml"), join(dir, "docker-compose.more.yml")],
      overrides: [join(dir, "docker-compose.more.yml")],
      chosenBy: "COMPOSE_FILE",
    });
    const other = folder({
      ...files,
      ".env": "COMPOSE_PATH_SEPARATOR=;\nCOMPOSE_FILE=docker-compose.more.yml;docker-compose.yml\n",
    });
    expect(listTopologies({ root: other.root })[0]?.files).toEqual([
      join(other.dir, "docker-compose.more.yml"),
      join(other.dir, "docker-compose.yml"),
    ]);
  });

  it("a .env that is no regular file (a folder, a FIFO) is not read when listing", () => {
    const { root, dir } = folder(files);
    mkdirSync(join(dir, ".env"));
    expect(listTopologies({ root })[0]?.files).toEqual([join(dir, "docker-compose.yml")]);
    rmSync(join(dir, ".env"), { recursive: true });
    execFileSync("mkfifo", [join(dir, ".env")]);
    expect(listTopologies({ root })[0]?.chosenBy).toBe("default names");
  });

  it("COMPOSE_PROJECT_NAME names the project (over name:), COMPOSE_PROFILES picks the profiles unless the caller does", async () => {
    const { dir } = folder({
      ...files,
      ".env": "COMPOSE_PROJECT_NAME=Sentry-Self-Hosted\nCOMPOSE_PROFILES=feature-complete\n",
    });
    const result = await loadTopology({ file: join(dir, "docker-compose.yml") });
    if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("\n"));
    expect(result.topology.project).toBe("sentry-self-hosted");
    expect(result.topology.services.map((s) => s.name)).toEqual(["web", "extra"]);
    expect(result.topology.composeSettings).toEqual({
      COMPOSE_PROJECT_NAME: "Sentry-Self-Hosted",
      COMPOSE_PROFILES: "feature-complete",
    });
    const chosen = await loadTopology({ file: join(dir, "docker-compose.yml"), profiles: ["debug"] });
    expect(chosen.ok && chosen.topology.services.map((s) => s.name)).toEqual(["web", "debug"]);
  });

  it("sentry self-hosted's .env turns on its feature-complete profile: every one of its services", async () => {
    const result = await loadTopology({ file: SENTRY });
    if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("\n"));
    expect(result.topology.project).toBe("sentry-self-hosted");
    expect(result.topology.profiles?.active).toEqual(["feature-complete"]);
    expect(result.topology.inactiveServices ?? []).toEqual([]);
  });
});

describe("the real folders of the corpus", () => {
  const corpus = (name: string) =>
    fileURLToPath(new URL(`../../test/fixtures/compose-corpus/${name}`, import.meta.url));

  it("mattermost: docker-compose.yml is the base, not docker-compose.nginx.yml (alphabetically first)", () => {
    const dir = corpus("mattermost");
    const entry = listTopologies({ root: dirname(dir) }).find((e) => e.name === "mattermost");
    expect(entry?.files).toEqual([join(dir, "docker-compose.yml")]);
    expect(entry?.candidates).toContain(join(dir, "docker-compose.without-nginx.yml"));
  });

  it("paperless-ngx: several variants and none of Compose's names, said in a note", () => {
    const dir = corpus("paperless-ngx");
    const entry = listTopologies({ root: dirname(dir) }).find((e) => e.name === "paperless-ngx");
    expect(entry?.chosenBy).toBe("first of several");
    expect(entry?.note).toMatch(/COMPOSE_FILE/);
  });

  it("mattermost without its .env: the errors name RESTART_POLICY and the other unset variables", async () => {
    const result = await loadTopology({
      file: join(corpus("mattermost"), "docker-compose.yml"),
      folderEnv: false,
    });
    expect(result.ok).toBe(false);
    const messages = result.ok ? [] : result.errors.map((e) => e.message);
    expect(messages.some((m) => /restart policy ""/.test(m) && /RESTART_POLICY is not set/.test(m))).toBe(
      true,
    );
    for (const message of messages) expect(message).toMatch(/is not set|are not set/);
  });
});

// Test support for the compose corpus (test/fixtures/compose-corpus): what docker-compose 1.29's
// `config` makes of a file, read into plain values the comparison can set beside the panel's
// Topology. Independent of the panel's own normalizers on purpose: only the forms `config` prints.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, stringify } from "yaml";

export const COMPOSE_1_29 = "/usr/bin/docker-compose";

export const CORPUS_ROOT = fileURLToPath(new URL("../../test/fixtures/compose-corpus", import.meta.url));

/** One corpus project: its folder and compose file. */
export type CorpusEntry = { project: string; dir: string; file: string };

export const corpusEntries = (): CorpusEntry[] =>
  readdirSync(CORPUS_ROOT)
    .sort()
    .map((project) => {
      const dir = join(CORPUS_ROOT, project);
      const name = readdirSync(dir).find((file) => /^(docker-)?compose\.ya?ml$/.test(file));
      if (!name) throw new Error(`${dir} holds no compose file`);
      return { project, dir, file: join(dir, name) };
    });

/** A service as `docker-compose config` prints it (only what the comparison reads is typed). */
export type CliService = Record<string, unknown> & {
  image?: string;
  build?: { context: string; dockerfile?: string; args?: Record<string, string | null>; target?: string };
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, string | number | boolean | null>;
  ports?: (string | { published?: number | string; target: number; protocol?: string; host_ip?: string })[];
  volumes?: (string | { type: string; source?: string; target: string; read_only?: boolean })[];
  networks?: Record<string, { aliases?: string[]; ipv4_address?: string } | null>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: {
    test?: string | string[];
    interval?: string;
    timeout?: string;
    retries?: number;
    start_period?: string;
    disable?: boolean;
  };
  restart?: string;
  container_name?: string;
  security_opt?: string[];
};

export type CliConfig = {
  services: Record<string, CliService>;
  networks?: Record<string, { name?: string; driver?: string; external?: boolean | { name: string } } | null>;
  volumes?: Record<string, { name?: string; driver?: string; external?: boolean } | null>;
};

/** Runs 1.29's `config` with no environment but PATH: variables come from the folder's .env only. */
const runConfig = (
  args: string[],
  cwd: string,
): { ok: true; config: CliConfig } | { ok: false; error: string } => {
  try {
    const output = execFileSync(COMPOSE_1_29, [...args, "config"], {
      cwd,
      env: { NODE_ENV: "test", PATH: process.env.PATH ?? "" },
      encoding: "utf8",
      stdio: "pipe",
    });
    return { ok: true, config: parse(output) as CliConfig };
  } catch (error) {
    return { ok: false, error: String((error as { stderr?: string }).stderr ?? error) };
  }
};

/**
 * Keys 1.29 is too old for, per project: `config` refuses the file, so the reference reads a copy
 * without them (written to a temporary folder, the project folder kept with --project-directory so
 * relative paths resolve as before). `path` is where the key sits; "*" matches every service or list
 * item.
 */
export type NewerKey = { path: string[]; why: string };

const strip = (node: unknown, path: string[]): void => {
  const [head, ...rest] = path;
  if (head === undefined || node === null || typeof node !== "object") return;
  const children: [string | number, unknown][] = Array.isArray(node)
    ? node.map((child, index) => [index, child])
    : Object.entries(node as Record<string, unknown>);
  for (const [key, child] of children) {
    if (head !== "*" && head !== String(key)) continue;
    if (rest.length === 0) delete (node as Record<string | number, unknown>)[key];
    else strip(child, rest);
  }
};

/** The reference: `config` of the file itself, or of a copy without the keys 1.29 refuses. */
export const referenceConfig = ({
  entry,
  newer = [],
}: {
  entry: CorpusEntry;
  newer?: NewerKey[];
}): { config: CliConfig; refusedOriginal: string | null } => {
  const original = runConfig(["-f", entry.file], entry.dir);
  if (newer.length === 0) {
    if (!original.ok) throw new Error(`docker-compose config refused ${entry.file}:\n${original.error}`);
    return { config: original.config, refusedOriginal: null };
  }
  // `yaml` resolves anchors and merge keys, so the copy is the same document as 1.29 reads it.
  const document = parse(readFileSync(entry.file, "utf8"), { merge: true }) as unknown;
  for (const key of newer) strip(document, key.path);
  const tmp = mkdtempSync(join(tmpdir(), "cmpcorpus-"));
  try {
    const copy = join(tmp, "compose.yaml");
    writeFileSync(copy, stringify(document));
    const stripped = runConfig(["--project-directory", entry.dir, "-f", copy], entry.dir);
    if (!stripped.ok)
      throw new Error(`docker-compose config refused the stripped ${entry.file}:\n${stripped.error}`);
    return { config: stripped.config, refusedOriginal: original.ok ? null : original.error };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
};

export const hasCompose129 = existsSync(COMPOSE_1_29);

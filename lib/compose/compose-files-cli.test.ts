// Our merge of env_file, extends and override files against Debian's docker-compose 1.29 `config`
// (it knows these three; `include`, long-form env_file, !reset/!override and `environment:` secrets
// are Compose v2 only, so they are tested against the spec in the other *-files tests).
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadTopology } from "./index";
import type { Service } from "./index";

const COMPOSE = "/usr/bin/docker-compose";
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/files/${name}`, import.meta.url));
type CliService = { environment?: Record<string, string | number>; volumes?: string[]; command?: string[] };

const cliConfig = (files: string[], env: Record<string, string>): Record<string, CliService> => {
  const args = files.flatMap((file) => ["-f", file]);
  const output = execFileSync(COMPOSE, [...args, "config"], {
    env: { NODE_ENV: "test", PATH: process.env.PATH ?? "", ...env },
    encoding: "utf8",
    stdio: "pipe",
  });
  return (parse(output) as { services: Record<string, CliService> }).services;
};

const ours = (service: Service) => ({
  environment: service.environment,
  volumes: service.volumes.map((v) => `${v.source}:${v.target}`).sort(),
  command: service.command,
});
const theirs = (service: CliService) => ({
  environment: Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, String(v)])),
  // 1.29 writes `$` as `$$` in its output (escaped for re-reading); undo that to compare values.
  volumes: (service.volumes ?? []).map((v) => v.replace(/:(rw|ro)$/, "")).sort(),
  command: service.command ?? null,
});
const unescape = (value: ReturnType<typeof theirs>) => ({
  ...value,
  environment: Object.fromEntries(
    Object.entries(value.environment).map(([k, v]) => [k, v.replace(/\$\$/g, "$")]),
  ),
});

const scratch = mkdtempSync(join(tmpdir(), "cmpfiles-cli-"));
afterAll(async () => rmSync(scratch, { recursive: true, force: true }));

describe.skipIf(!existsSync(COMPOSE))(
  "compose files: our engine agrees with docker-compose 1.29 `config`",
  () => {
    it("extends from another file and a chain: environment, volumes (paths from the base's folder), command", async () => {
      const file = fixture("extends/compose.yaml");
      const result = await loadTopology({ file, folderEnv: false });
      if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("; "));
      const cli = cliConfig([file], {});
      for (const service of result.topology.services) {
        const other = cli[service.name];
        if (!other) throw new Error(`docker-compose has no ${service.name}`);
        expect(ours(service), service.name).toEqual(theirs(other));
      }
    });

    it("env_file (short form) with quotes, comments, export and interpolation, under environment", async () => {
      const file = join(scratch, "env.yaml");
      // Inside the topology's folder: the confined reader reads no env file outside it.
      copyFileSync(fixture("env-file/common.env"), join(scratch, "common.env"));
      writeFileSync(
        file,
        `services:\n  app:\n    image: x\n    env_file: ${join(scratch, "common.env")}\n    environment:\n      OVERRIDDEN: from-environment\n`,
      );
      const env = { HOST_VAR: "h" };
      const result = await loadTopology({ file, env, folderEnv: false });
      if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("; "));
      const app = result.topology.services[0];
      if (!app) throw new Error("no app");
      expect(ours(app)).toEqual(unescape(theirs(cliConfig([file], env).app ?? {})));
    });

    it("override files merged in order: environment by key, command replaced, volumes by target", async () => {
      const base = join(scratch, "docker-compose.yml");
      const over = join(scratch, "docker-compose.override.yml");
      writeFileSync(
        base,
        'services:\n  app:\n    image: x\n    command: ["a"]\n    environment: [KEEP=1, CHANGE=1]\n    volumes: ["./a:/data", "./l:/logs"]\n',
      );
      writeFileSync(
        over,
        'services:\n  app:\n    command: ["b"]\n    environment:\n      CHANGE: "2"\n      ADDED: "3"\n    volumes: ["./b:/data"]\n',
      );
      const result = await loadTopology({ file: base, overrideFiles: [over], folderEnv: false });
      if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("; "));
      const app = result.topology.services[0];
      if (!app) throw new Error("no app");
      expect(ours(app)).toEqual(theirs(cliConfig([base, over], {}).app ?? {}));
    });
  },
);

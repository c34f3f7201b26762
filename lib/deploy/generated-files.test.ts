import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { loadTopology } from "@/lib/compose";
import { createRedactor } from "@/lib/secrets/redact";
import { assertGeneratedSources, materializeGeneratedFiles, secretValuesOf } from "./generated-files";

const file = fileURLToPath(new URL("../compose/fixtures/files/secrets/compose.yaml", import.meta.url));
const root = mkdtempSync(join(tmpdir(), "cmpfiles-generated-"));
afterAll(async () => rmSync(root, { recursive: true, force: true }));

const load = async (env: Record<string, string>) => {
  const result = await loadTopology({ file, env, folderEnv: false });
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("; "));
  return result.topology;
};

describe("generated secret and config files", async () => {
  it("writes each into a 0700 folder with the grant's mode minus write bits, mounted read-only", async () => {
    const env = { API_KEY: "value-of-the-key" };
    const topology = materializeGeneratedFiles({ topology: await load(env), env, root });
    const app = topology.services[0];
    const dir = join(root, topology.project);
    expect(app?.volumes.slice(2)).toEqual([
      {
        type: "bind",
        source: join(dir, "app.secret.api_key"),
        target: "/run/secrets/api.key",
        readOnly: true,
      },
      { type: "bind", source: join(dir, "app.config.inline"), target: "/etc/inline.conf", readOnly: true },
    ]);
    expect(readFileSync(join(dir, "app.secret.api_key"), "utf8")).toBe("value-of-the-key");
    expect(statSync(join(dir, "app.secret.api_key")).mode & 0o777).toBe(0o440);
    expect(readFileSync(join(dir, "app.config.inline"), "utf8")).toBe("greeting=hello");
    expect(statSync(join(dir, "app.config.inline")).mode & 0o777).toBe(0o444);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    // Deploying again rewrites the read-only file with the new value.
    materializeGeneratedFiles({
      topology: await load({ API_KEY: "rotated" }),
      env: { API_KEY: "rotated" },
      root,
    });
    expect(readFileSync(join(dir, "app.secret.api_key"), "utf8")).toBe("rotated");
  });

  it("refuses an unset variable before writing anything, naming the secret and variable", async () => {
    const topology = await load({});
    expect(() => assertGeneratedSources({ topology, env: {} })).toThrow(
      /app is granted secret "api_key", read from variable API_KEY, which is not set/,
    );
  });

  it("redacts a secret's value even when its variable's name does not look secret", async () => {
    const topology = await load({ API_KEY: "x" });
    const renamed = {
      ...topology,
      services: topology.services.map((s) => ({
        ...s,
        generatedFiles: s.generatedFiles?.map((g) =>
          g.source.type === "environment"
            ? { ...g, source: { type: "environment" as const, variable: "PLAIN" } }
            : g,
        ),
      })),
    };
    const env = { PLAIN: "plain-looking-secret" };
    const redactor = createRedactor({ env: { ...secretValuesOf({ topology: renamed, env }), ...env } });
    expect(redactor.text("log: plain-looking-secret")).toBe("log: ••••••");
    expect(createRedactor({ env }).text("log: plain-looking-secret")).toBe("log: plain-looking-secret");
  });
});

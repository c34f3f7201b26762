import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadText } from "./test-support";
import { loadTopology } from "./index";
import { parseEnvFile, readProjectDotEnv } from "./env-file";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/files/${name}`, import.meta.url));
const serviceOf = (result: Awaited<ReturnType<typeof loadTopology>>, name: string) => {
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("; "));
  const service = result.topology.services.find((s) => s.name === name);
  if (!service) throw new Error(`no service ${name}`);
  return service;
};

describe("env_file", async () => {
  it("adds every file's variables in order, under environment, in all three forms", async () => {
    const result = await loadTopology({ file: fixture("env-file/compose.yaml"), env: { HOST_VAR: "h" } });
    const app = serviceOf(result, "app");
    expect(app.environment).toEqual({
      PLAIN: "1",
      // environment wins, even with an empty value
      OVERRIDDEN: "from-environment",
      EMPTIED: "",
      QUOTED: "two words # kept",
      INLINE: "value",
      SINGLE: "$NOT_EXPANDED",
      FROM_HOST: "h-suffix",
      FROM_EARLIER: "1-again",
      EXPORTED: "yes",
      ESCAPED: "line\nbreak",
      // format: raw keeps quotes and dollars as written
      RAW: '"kept $AS_IS"',
    });
    // The short form of the same file gives the same values (docker-compose 1.29 `config` agrees on
    // every one of them: it interpolates env_file values too, like Compose v2 and the spec).
    expect(serviceOf(result, "short").environment.FROM_HOST).toBe("h-suffix");
  });

  it("warns about an unset variable an env file uses, naming it and the service", async () => {
    const result = await loadTopology({ file: fixture("env-file/compose.yaml"), env: {} });
    if (!result.ok) throw new Error("expected a topology");
    const warning = result.warnings.find(
      (w) => w.variable === "HOST_VAR" && w.path?.startsWith("services.app"),
    );
    expect(warning?.message).toMatch(/HOST_VAR .*common\.env.* is not set/);
    expect(warning?.line).toBe(6);
  });

  it("refuses a missing required file, naming the service, the file and the line", async () => {
    const file = join(fixture("env-file"), "compose.yaml");
    const text =
      "services:\n  app:\n    image: x\n    env_file:\n      - ./common.env\n      - ./nowhere.env\n";
    const result = await loadText({ text, file, env: {} });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({
      code: "file_not_found",
      line: 6,
      path: "services.app.env_file.1",
    });
    expect(result.errors[0]?.message).toMatch(/nowhere\.env does not exist.*required: false/);
  });

  it("refuses a format it has no parser for, at its line", async () => {
    const file = join(fixture("env-file"), "compose.yaml");
    const text =
      "services:\n  app:\n    image: x\n    env_file:\n      - path: ./common.env\n        format: json\n";
    const result = await loadText({ text, file, env: {} });
    expect(!result.ok && result.errors[0]).toMatchObject({ line: 6, path: "services.app.env_file.0.format" });
  });

  it("parses a bare VAR as unset and VAR= as empty (the spec's VAR[=[VAL]])", async () => {
    expect(parseEnvFile({ text: "BARE\nEMPTY=\n", env: {}, format: null })).toEqual({ EMPTY: "" });
  });
});

describe("unset variables in the compose file", async () => {
  it("become blank with a warning naming the variable, where it is used and its line", async () => {
    const file = join(fixture("env-file"), "compose.yaml");
    const text = "services:\n  app:\n    image: busybox:${TAG}\n    environment:\n      A: ${TAG}\n";
    const result = await loadText({ text, file, env: {} });
    if (!result.ok) throw new Error("expected a topology");
    expect(result.topology.services[0]?.image).toBe("busybox:");
    const warnings = result.warnings.filter((w) => w.variable === "TAG");
    // Once per variable, at its first use, as docker-compose warns.
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ line: 3, path: "services.app.image" });
    expect(warnings[0]?.message).toMatch(/variable TAG is not set, defaulting to a blank string/);
  });

  it("warn about nothing when a default is written", async () => {
    const file = join(fixture("env-file"), "compose.yaml");
    const text = "services:\n  app:\n    image: busybox:${TAG:-1}\n";
    const result = await loadText({ text, file, env: {} });
    expect(result.ok && result.warnings).toEqual([]);
  });
});

describe("the project's .env", async () => {
  it("is interpolated as Compose v2 reads it: earlier lines, then the variables set before it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cmpfiles-dotenv-"));
    writeFileSync(join(dir, ".env"), "TAG=${BASE_TAG}-1\nIMAGE=busybox:${TAG}\nLITERAL='$TAG'\n");
    expect(await readProjectDotEnv({ file: join(dir, ".env"), env: { BASE_TAG: "v2" } })).toEqual({
      TAG: "v2-1",
      IMAGE: "busybox:v2-1",
      LITERAL: "$TAG",
    });
    writeFileSync(join(dir, "compose.yaml"), "services:\n  app:\n    image: ${IMAGE}\n");
    const loaded = await loadTopology({ file: join(dir, "compose.yaml"), env: { BASE_TAG: "v3" } });
    expect(loaded.ok && loaded.topology.services[0]?.image).toBe("busybox:v3-1");
    expect(await readProjectDotEnv({ file: join(dir, "absent.env"), env: {} })).toEqual({});
  });
});

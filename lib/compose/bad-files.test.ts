import { describe, expect, it } from "vitest";
import { loadTopology } from "./index";
import type { ComposeIssue } from "./index";
import { badFixture } from "./test-support";

const errorsOf = async (name: string, env: Record<string, string> = {}): Promise<ComposeIssue[]> => {
  const result = await loadTopology({ file: badFixture(name), env });
  if (result.ok) throw new Error(`${name} was accepted`);
  return result.errors;
};

describe("bad compose files give located, actionable errors", async () => {
  it("YAML syntax error", async () => {
    const [error, ...rest] = await errorsOf("yaml-syntax.yml");
    expect(rest).toEqual([]);
    expect(error).toMatchObject({ code: "yaml_syntax", line: 5, file: badFixture("yaml-syntax.yml") });
    expect(error?.message).toMatch(/^YAML syntax error: Flow sequence .* end with a \]/);
  });

  it("unknown key, with a suggestion", async () => {
    expect(await errorsOf("unknown-key.yml")).toEqual([
      {
        code: "schema",
        line: 4,
        path: "services.redis.helthcheck",
        file: badFixture("unknown-key.yml"),
        message: 'services.redis: unknown key "helthcheck" (did you mean "healthcheck"?)',
      },
    ]);
  });

  it("bad duration", async () => {
    const errors = await errorsOf("bad-duration.yml");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      code: "duration",
      line: 6,
      path: "services.redis.healthcheck.interval",
    });
    expect(errors[0]?.message).toContain('invalid duration "10 seconds"');
    expect(errors[0]?.message).toContain('"1m30s"');
  });

  it("bad memory size", async () => {
    const errors = await errorsOf("bad-memory.yml");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      code: "memory_size",
      line: 8,
      path: "services.worker.deploy.resources.limits.memory",
    });
    expect(errors[0]?.message).toContain('invalid memory size "6 gigs"');
  });

  it("dependency cycle, named", async () => {
    const errors = await errorsOf("dependency-cycle.yml");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "dependency_cycle", line: 4, path: "services.a.depends_on" });
    expect(errors[0]?.message).toContain("dependency cycle a → b → c → a");
  });

  it("depends_on an unknown service", async () => {
    const errors = await errorsOf("unknown-dependency.yml");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      code: "unknown_dependency",
      line: 6,
      path: "services.web.depends_on.databse",
    });
    expect(errors[0]?.message).toContain('depends on "databse", which is not a service in this file');
  });

  it("missing required variables: both reported at once, each at its line", async () => {
    const errors = await errorsOf("missing-variables.yml");
    expect(errors.map((error) => [error.code, error.line, error.path])).toEqual([
      ["interpolation", 5, "services.api.environment.JWT_SECRET"],
      ["interpolation", 6, "services.api.environment.DB_PASSWORD"],
    ]);
    expect(errors[0]?.message).toMatch(
      /^required variable JWT_SECRET is missing a value: JWT_SECRET is not set/,
    );
    expect(errors[1]?.message).toMatch(
      /^required variable DB_PASSWORD is missing a value: DB_PASSWORD is required/,
    );
  });

  it("missing required variables are satisfied by the env", async () => {
    const result = await loadTopology({
      file: badFixture("missing-variables.yml"),
      env: { JWT_SECRET: "x", DB_PASSWORD: "" },
    });
    expect(result.ok).toBe(true);
    if (result.ok)
      expect(result.topology.services[0]?.environment).toEqual({
        JWT_SECRET: "x",
        DB_PASSWORD: "",
        OPTIONAL: "",
      });
  });

  it("duplicate published host port across services", async () => {
    const errors = await errorsOf("duplicate-port.yml");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "duplicate_port", line: 10, path: "services.admin.ports.1" });
    expect(errors[0]?.message).toContain(
      'host port 127.0.0.1:8080/tcp is already published by service "web"',
    );
  });

  it("service on an undeclared network", async () => {
    const errors = await errorsOf("unknown-network.yml");
    expect(errors).toMatchObject([{ code: "unknown_network", line: 5, path: "services.web.networks.front" }]);
    expect(errors[0]?.message).toContain('network "front" is not declared');
  });

  it("a missing file is an issue, not an exception", async () => {
    expect(await errorsOf("does-not-exist.yml")).toMatchObject([{ code: "file_not_found", line: null }]);
  });
});

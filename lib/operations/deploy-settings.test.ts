import { describe, expect, it } from "vitest";
import { loadTopology } from "@/lib/compose";
import { SHIPPED, TEST_SECRETS } from "@/lib/compose/test-support";
import { applyHealthOverrides, applyLimitOverrides, ZDeployRequest } from "./deploy-settings";

describe("deploy request validation", async () => {
  it("accepts the guide's tuning values and normalizes numbers to strings", async () => {
    const parsed = ZDeployRequest.parse({
      topology: "optimized",
      strategy: "phased",
      tuning: { PIPELINE_DEPTH: "8", ASYNC_TRAINING: "true" },
    });
    expect(parsed.tuning).toEqual({ PIPELINE_DEPTH: "8", ASYNC_TRAINING: "true" });
    expect(parsed.fit).toBe("clamp");
    expect(parsed.freshData).toBe(false);
  });
  it("reads the old fitToHost boolean as the mode it meant, and refuses it next to fit", async () => {
    const base = { topology: "optimized", strategy: "dag" };
    expect(ZDeployRequest.parse({ ...base, fitToHost: true }).fit).toBe("proportional");
    expect(ZDeployRequest.parse({ ...base, fitToHost: false }).fit).toBe("none");
    expect(ZDeployRequest.parse({ ...base, fit: "none" }).fit).toBe("none");
    const both = ZDeployRequest.safeParse({ ...base, fit: "clamp", fitToHost: true });
    expect(both.error?.issues[0]?.message).toContain("fitToHost is replaced by fit");
    expect(ZDeployRequest.safeParse({ ...base, fit: "squeeze" }).success).toBe(false);
  });
  it("names each bad field", async () => {
    const result = ZDeployRequest.safeParse({
      topology: "optimized",
      strategy: "fast",
      tuning: { MTU_SIZE: "100", KEEPALIVE_TIMEOUT: "soon" },
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => i.path.join(".")).sort();
    expect(paths).toEqual(["strategy", "tuning.KEEPALIVE_TIMEOUT", "tuning.MTU_SIZE"]);
  });
});

describe("applyHealthOverrides", async () => {
  it("overrides only what is given, only on services with a check", async () => {
    const loaded = await loadTopology({ file: SHIPPED.optimized, env: { ...TEST_SECRETS } });
    if (!loaded.ok) throw new Error("the shipped topology must load");
    const out = applyHealthOverrides({ topology: loaded.topology, health: { intervalS: 1, retries: 5 } });
    const node = out.services.find((s) => s.name === "ollama-node-1");
    expect(node?.healthcheck).toMatchObject({
      intervalMs: 1000,
      retries: 5,
      timeoutMs: 3000,
      startPeriodMs: 20000,
    });
    const unchecked = loaded.topology.services.filter((s) => !s.healthcheck).map((s) => s.name);
    for (const name of unchecked) expect(out.services.find((s) => s.name === name)?.healthcheck).toBeNull();
  });
});

describe("applyLimitOverrides", async () => {
  it("replaces the named services' limits, leaves the rest, and refuses a service the topology lacks", async () => {
    const loaded = await loadTopology({ file: SHIPPED.optimized, env: { ...TEST_SECRETS } });
    if (!loaded.ok) throw new Error("the shipped topology must load");
    const request = ZDeployRequest.parse({
      topology: "optimized",
      strategy: "dag",
      limits: { postgres: { cpus: 1.5 }, redis: { memoryBytes: 2 ** 28, cpus: null } },
    });
    const out = applyLimitOverrides({ topology: loaded.topology, limits: request.limits });
    const resources = (name: string) => out.services.find((s) => s.name === name)?.resources;
    const before = (name: string) => loaded.topology.services.find((s) => s.name === name)?.resources;
    expect(resources("postgres")).toEqual({ ...before("postgres"), cpusLimit: 1.5 });
    expect(resources("redis")).toEqual({ ...before("redis"), memoryLimitBytes: 2 ** 28, cpusLimit: null });
    expect(resources("minio")).toEqual(before("minio"));
    expect(() =>
      applyLimitOverrides({ topology: loaded.topology, limits: { postgress: { cpus: 1 } } }),
    ).toThrow(/limits\.postgress: the topology has no service "postgress" \(its services: postgres, /);
  });
  it("names a bad limit's field: below Docker's floor, an unknown key", async () => {
    const result = ZDeployRequest.safeParse({
      topology: "optimized",
      strategy: "dag",
      limits: { postgres: { cpus: 0, memoryBytes: 1024 }, redis: { disk: 1 } },
    });
    const paths = result.error?.issues.map((i) => i.path.join(".")).sort();
    expect(paths).toEqual(["limits.postgres.cpus", "limits.postgres.memoryBytes", "limits.redis"]);
  });
});

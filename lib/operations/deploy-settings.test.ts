import { describe, expect, it } from "vitest";
import { loadTopology } from "@/lib/compose";
import { SHIPPED, TEST_SECRETS } from "@/lib/compose/test-support";
import { applyHealthOverrides, ZDeployRequest } from "./deploy-settings";

describe("deploy request validation", () => {
  it("accepts the guide's tuning values and normalizes numbers to strings", () => {
    const parsed = ZDeployRequest.parse({
      topology: "optimized",
      strategy: "phased",
      tuning: { PIPELINE_DEPTH: "8", ASYNC_TRAINING: "true" },
    });
    expect(parsed.tuning).toEqual({ PIPELINE_DEPTH: "8", ASYNC_TRAINING: "true" });
    expect(parsed.fit).toBe("clamp");
    expect(parsed.freshData).toBe(false);
  });
  it("reads the old fitToHost boolean as the mode it meant, and refuses it next to fit", () => {
    const base = { topology: "optimized", strategy: "dag" };
    expect(ZDeployRequest.parse({ ...base, fitToHost: true }).fit).toBe("proportional");
    expect(ZDeployRequest.parse({ ...base, fitToHost: false }).fit).toBe("none");
    expect(ZDeployRequest.parse({ ...base, fit: "none" }).fit).toBe("none");
    const both = ZDeployRequest.safeParse({ ...base, fit: "clamp", fitToHost: true });
    expect(both.error?.issues[0]?.message).toContain("fitToHost is replaced by fit");
    expect(ZDeployRequest.safeParse({ ...base, fit: "squeeze" }).success).toBe(false);
  });
  it("names each bad field", () => {
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

describe("applyHealthOverrides", () => {
  it("overrides only what is given, only on services with a check", () => {
    const loaded = loadTopology({ file: SHIPPED.optimized, env: { ...TEST_SECRETS } });
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

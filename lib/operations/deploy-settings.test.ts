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
    expect(parsed.fitToHost).toBe(false);
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

import { describe, expect, it } from "vitest";
import { loadTopology } from "@/lib/compose";
import { SHIPPED, TEST_SECRETS } from "@/lib/compose/test-support";
import { planDeploy } from "./plan";

const optimized = async () => {
  const loaded = await loadTopology({ file: SHIPPED.optimized, env: { ...TEST_SECRETS } });
  if (!loaded.ok) throw new Error("the shipped optimized topology must load");
  return loaded.topology;
};

describe("services named in mounted config files", async () => {
  it("are found in the optimized topology's nginx and prometheus configs", async () => {
    const refs = (await optimized()).mountedReferences ?? {};
    expect(refs["load-balancer"]).toEqual(["ollama-node-1", "ollama-node-2", "ollama-node-3"]);
    expect(refs["prometheus"]).toEqual(
      expect.arrayContaining(["ollama-node-1", "ollama-node-2", "ollama-node-3"]),
    );
    expect(refs["redis"]).toEqual([]);
  });

  it("make the load balancer wait for every node under dag, but not under phased", async () => {
    const topology = await optimized();
    const gatesOf = (strategy: "dag" | "phased") =>
      planDeploy({ topology, strategy }).steps.find((s) => s.service === "load-balancer")?.after ?? [];
    expect(gatesOf("dag")).toEqual(
      expect.arrayContaining([
        { service: "ollama-node-2", until: "started" },
        { service: "ollama-node-3", until: "started" },
      ]),
    );
    expect(gatesOf("phased").filter((g) => g.until === "started")).toEqual([
      { service: "ollama-node-1", until: "started" },
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { loadTopology } from "@/lib/compose";
import { SHIPPED, TEST_SECRETS } from "@/lib/compose/test-support";
import type { Topology } from "@/lib/compose/types";
import { loadBalancerAbsence } from "./cluster-view";

const shipped = async (name: "optimized" | "original"): Promise<Topology> => {
  const loaded = await loadTopology({ file: SHIPPED[name], env: { ...TEST_SECRETS } });
  if (!loaded.ok) throw new Error(`${name} does not load`);
  return loaded.topology;
};

describe("why the dashboard shows no load balancer", () => {
  const found = { reason: "the panel has generated no load-balancer upstream for optimized" };

  it("says a shipped topology's load balancer is not deployed, never that it has none", async () => {
    for (const name of ["optimized", "original"] as const) {
      const reason = await loadBalancerAbsence({
        topologyName: name,
        topology: await shipped(name),
        running: 0,
        found,
      });
      expect(reason).toBe(`load-balancer is not running: nothing of ${name} is deployed`);
      expect(reason).not.toMatch(/has no load balancer/);
    }
  });

  it("passes the binding's reason on while the cluster runs, and names a topology that has none", async () => {
    const optimized = await shipped("optimized");
    expect(
      await loadBalancerAbsence({ topologyName: "optimized", topology: optimized, running: 3, found }),
    ).toBe(found.reason);
    const withoutBalancer = {
      dir: optimized.dir,
      services: optimized.services.filter((s) => s.name === "postgres"),
    };
    expect(
      await loadBalancerAbsence({ topologyName: "db-only", topology: withoutBalancer, running: 0, found }),
    ).toMatch(/^db-only has no load balancer/);
  });
});

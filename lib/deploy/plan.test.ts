import { describe, expect, it } from "vitest";
import { loadTopology } from "@/lib/compose";
import type { Topology } from "@/lib/compose/types";
import { SHIPPED, TEST_SECRETS } from "@/lib/compose/test-support";
import { dependsOn, fixtureService, fixtureTopology } from "@/test/fixtures/fixture-topology";
import { planDeploy } from "./plan";

const load = async (file: string): Promise<Topology> => {
  const result = await loadTopology({ file, env: TEST_SECRETS });
  if (!result.ok) throw new Error(result.errors.map((error) => error.message).join("\n"));
  return result.topology;
};

const order = (topology: Topology, strategy: "sequential" | "phased" | "dag") =>
  planDeploy({ topology, strategy }).steps.map((step) => step.service);

describe("planDeploy", async () => {
  it("sequential: the original's documented baseline order comes out of its dependencies and file order", async () => {
    expect(order(await load(SHIPPED.original), "sequential")).toEqual([
      "postgres",
      "redis",
      "minio",
      "ollama-node-1",
      "ollama-node-2",
      "ollama-node-3",
      "load-balancer",
      "prometheus",
      "grafana",
      "jaeger",
      "dev-tools",
    ]);
  });

  it("sequential: each service waits for the previous one to be ready, one phase per service", async () => {
    const plan = planDeploy({ topology: await load(SHIPPED.original), strategy: "sequential" });
    expect(plan.phases).toHaveLength(11);
    expect(plan.steps[0]?.after).toEqual([]);
    expect(plan.steps[4]?.after).toContainEqual({ service: "ollama-node-1", until: "ready" });
  });

  it("sequential honours x-phase order first, then dependencies", async () => {
    expect(order(await load(SHIPPED.optimized), "sequential")).toEqual([
      "postgres",
      "redis",
      "minio",
      "prometheus",
      "grafana",
      "jaeger",
      "ollama-node-1",
      "ollama-node-2",
      "ollama-node-3",
      "load-balancer",
    ]);
  });

  it("phased: the optimized topology's x-phases, each waiting for the whole previous phase", async () => {
    const plan = planDeploy({ topology: await load(SHIPPED.optimized), strategy: "phased" });
    expect(plan.phases.map((phase) => phase.name)).toEqual([
      "Foundation",
      "Leader",
      "Workers",
      "Load Balancer",
    ]);
    const node2 = plan.steps.find((step) => step.service === "ollama-node-2");
    expect(node2?.phase).toBe(2);
    expect(node2?.after).toContainEqual({ service: "ollama-node-1", until: "ready" });
    const grafana = plan.steps.find((step) => step.service === "grafana");
    // Inside a phase only the service's own dependencies hold it back.
    expect(grafana?.after).toEqual([{ service: "prometheus", until: "started" }]);
  });

  it("dag: a service waits for its own dependencies, with their conditions, and for services its mounted config names", async () => {
    const plan = planDeploy({ topology: await load(SHIPPED.optimized), strategy: "dag" });
    const lb = plan.steps.find((step) => step.service === "load-balancer");
    expect(lb?.after).toEqual([
      { service: "ollama-node-1", until: "started" },
      { service: "ollama-node-2", until: "started" },
      { service: "ollama-node-3", until: "started" },
    ]);
    const node1 = plan.steps.find((step) => step.service === "ollama-node-1");
    expect(node1?.after.map((gate) => gate.until)).toEqual(["ready", "ready", "ready"]);
  });

  it("marks services others wait to complete as one-shots", async () => {
    const topology = fixtureTopology({
      project: "p",
      services: [
        fixtureService({ name: "migrate" }),
        fixtureService({ name: "app", dependsOn: [dependsOn("migrate", "service_completed_successfully")] }),
      ],
    });
    const plan = planDeploy({ topology, strategy: "dag" });
    expect(plan.oneShots).toEqual(["migrate"]);
    expect(plan.steps[1]?.after).toEqual([{ service: "migrate", until: "completed" }]);
  });

  it("refuses a phased plan whose service depends on a later phase, saying what to change", async () => {
    const topology = fixtureTopology({
      project: "p",
      services: [
        fixtureService({ name: "a", phase: "One", dependsOn: [dependsOn("b")] }),
        fixtureService({ name: "b", phase: "Two" }),
      ],
    });
    expect(() => planDeploy({ topology, strategy: "phased" })).toThrow(/later phase "Two".*dag strategy/);
    expect(order(topology, "dag")).toEqual(["b", "a"]);
  });
});

import { describe, expect, it } from "vitest";
import { assertBatchTarget, assertSwarmDeployOptions, swarmDeployProblems } from "./swarm-options";

const refusal = (work: () => void) => {
  try {
    work();
  } catch (error) {
    return error as { code: string; message: string; details: { path: string }[] };
  }
  return null;
};

describe("what a Swarm deploy refuses", () => {
  it("refuses start from empty data with a 400 naming freshData and why", () => {
    const error = refusal(() => assertSwarmDeployOptions({ freshData: true }));
    expect(error?.code).toBe("bad_request");
    expect(error?.message).toMatch(/^freshData: start from empty data is not available with target swarm: /);
    expect(error?.message).toContain("the named volumes live on the Swarm nodes");
    expect(error?.details.map((d) => d.path)).toEqual(["freshData"]);
  });

  it("refuses load balancer weights and a probe other than exec, naming each field", () => {
    const error = refusal(() =>
      assertSwarmDeployOptions({ freshData: true, weights: { leader: 3 }, probe: "docker" }),
    );
    expect(error?.details.map((d) => d.path)).toEqual(["freshData", "weights", "probe"]);
    expect(error?.message).toContain("; weights: load balancer weights are not available with target swarm");
    expect(error?.message).toContain('; probe: probe "docker" is not available with target swarm');
    expect(swarmDeployProblems({ freshData: false, probe: "auto" }).map((p) => p.path)).toEqual(["probe"]);
  });

  it("lets through what a Swarm deploy honours: no freshData, empty weights, exec or no probe", () => {
    expect(swarmDeployProblems({ freshData: false })).toEqual([]);
    expect(swarmDeployProblems({ freshData: false, weights: {}, probe: "exec" })).toEqual([]);
    expect(refusal(() => assertSwarmDeployOptions({ freshData: false }))).toBeNull();
  });

  it("refuses a batch with target swarm, naming target, and lets engine batches through", () => {
    const error = refusal(() => assertBatchTarget({ target: "swarm" }));
    expect(error?.message).toMatch(/^target: Run N times is not available with target swarm/);
    expect(error?.details.map((d) => d.path)).toEqual(["target"]);
    expect(refusal(() => assertBatchTarget({ target: "engine" }))).toBeNull();
    expect(refusal(() => assertBatchTarget({}))).toBeNull();
  });
});

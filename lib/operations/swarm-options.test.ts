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

  it("lets a deploy without freshData through", () => {
    expect(swarmDeployProblems({ freshData: false })).toEqual([]);
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

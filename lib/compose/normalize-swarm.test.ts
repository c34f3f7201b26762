import { describe, expect, it } from "vitest";
import { normalizeSwarmPlacement } from "./normalize-swarm";

describe("the deploy keys only Swarm honours", () => {
  it("reads replicas, constraints and spread preferences", () => {
    expect(
      normalizeSwarmPlacement({
        service: {
          deploy: {
            replicas: 3,
            placement: { constraints: ["node.role==worker"], preferences: [{ spread: "node.labels.zone" }] },
          },
        },
      }),
    ).toEqual({ replicas: 3, constraints: ["node.role==worker"], spread: ["node.labels.zone"] });
  });

  it("leaves them unset when the file does not write them or writes nonsense", () => {
    expect(normalizeSwarmPlacement({ service: {} })).toEqual({ replicas: null, constraints: [], spread: [] });
    expect(normalizeSwarmPlacement({ service: { deploy: { replicas: "many" } } }).replicas).toBeNull();
  });
});

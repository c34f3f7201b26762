import { describe, expect, it } from "vitest";
import { environmentFilterOf, environmentNamer, lastCheckText } from "./environment-view";

const environments = [
  { id: "local", name: "local" },
  { id: "c1", name: "gpu-box" },
];

describe("environment view", () => {
  it("turns a name into the runs filter: all, local (null), an id, or nothing for an unknown name", () => {
    expect(environmentFilterOf(environments, undefined)).toBeUndefined();
    expect(environmentFilterOf(environments, "local")).toBeNull();
    expect(environmentFilterOf(environments, "gpu-box")).toBe("c1");
    expect(environmentFilterOf(environments, "gone")).toBe("unknown:gone");
  });
  it("names a run's environment", () => {
    const name = environmentNamer(environments);
    expect([name(null), name("c1"), name("c9")]).toEqual(["local", "gpu-box", "(removed)"]);
  });
  it("reads the last check", () => {
    const probe = {
      version: "27.3.1",
      apiVersion: "1.47",
      cpus: 8,
      memoryBytes: 2 ** 34,
      swarmState: "active",
      swarmManager: true,
    };
    expect(
      lastCheckText({ lastCheckAt: new Date(), lastCheckOk: true, lastCheckDetail: JSON.stringify(probe) }),
    ).toMatch(/^Docker 27\.3\.1 \(API 1\.47\) · 8 CPUs · .* · swarm active \(manager\)$/);
    expect(lastCheckText({ lastCheckAt: new Date(), lastCheckOk: false, lastCheckDetail: "TLS: x" })).toBe(
      "failed: TLS: x",
    );
    expect(lastCheckText({ lastCheckAt: null, lastCheckOk: null, lastCheckDetail: null })).toBe("—");
  });
});

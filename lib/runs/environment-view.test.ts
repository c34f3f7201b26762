import { describe, expect, it } from "vitest";
import { environmentFilterOf, environmentNamer, isSwarmManager, lastCheckText } from "./environment-view";

const environments = [
  { id: "local", name: "local" },
  { id: "c1", name: "gpu-box" },
];

describe("environment view", () => {
  it("turns a name or an id into the runs filter: all, local (null), the environment's id", () => {
    expect(environmentFilterOf(environments, undefined)).toBeUndefined();
    expect(environmentFilterOf(environments, "")).toBeUndefined();
    expect(environmentFilterOf(environments, "local")).toBeNull();
    expect(environmentFilterOf(environments, "gpu-box")).toBe("c1");
    expect(environmentFilterOf(environments, "c1")).toBe("c1");
    // Not an environment (any more): the stored id a removed environment's runs keep, else no run.
    expect(environmentFilterOf(environments, "c9")).toBe("c9");
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
  it("says an environment is a swarm manager only when its last passed check found one", () => {
    const check = (detail: unknown, ok: boolean | null = true) => ({
      lastCheckOk: ok,
      lastCheckDetail: typeof detail === "string" || detail === null ? detail : JSON.stringify(detail),
    });
    expect(isSwarmManager(check({ swarmState: "active", swarmManager: true }))).toBe(true);
    expect(isSwarmManager(check({ swarmState: "active", swarmManager: false }))).toBe(false);
    expect(isSwarmManager(check({ swarmState: "inactive" }))).toBe(false);
    // A failed check, no check, text that is not JSON, and a wrongly typed field all say no.
    expect(isSwarmManager(check({ swarmManager: true }, false))).toBe(false);
    expect(isSwarmManager(check(null, null))).toBe(false);
    expect(isSwarmManager(check("connection refused"))).toBe(false);
    expect(isSwarmManager(check({ swarmManager: "true" }))).toBe(false);
  });
});

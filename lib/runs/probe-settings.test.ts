import { describe, expect, it } from "vitest";
import { PROBE_MODE_CHOICES, runProbe } from "./probe-settings";

describe("runProbe", () => {
  it("reads the probe mode and interval a run recorded", () => {
    expect(runProbe({ probeMode: "auto", probeIntervalMs: 500, strategy: "dag" })).toEqual({
      mode: "auto",
      intervalMs: 500,
    });
    expect(runProbe({ probeMode: "docker" })).toEqual({ mode: "docker", intervalMs: null });
  });

  it("is null for runs without one, unknown modes and unreadable settings", () => {
    expect(runProbe({ removeVolumes: true })).toBeNull();
    expect(runProbe({ probeMode: "telepathy" })).toBeNull();
  });

  it("says what every mode costs", () => {
    for (const choice of Object.values(PROBE_MODE_CHOICES)) expect(choice.cost.length).toBeGreaterThan(20);
  });
});

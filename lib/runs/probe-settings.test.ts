import { describe, expect, it } from "vitest";
import { PROBE_MODE_CHOICES, runProbe } from "./probe-settings";

describe("runProbe", () => {
  it("reads the probe mode and interval a run recorded", () => {
    expect(runProbe(JSON.stringify({ probeMode: "auto", probeIntervalMs: 500, strategy: "dag" }))).toEqual({
      mode: "auto",
      intervalMs: 500,
    });
    expect(runProbe(JSON.stringify({ probeMode: "docker" }))).toEqual({ mode: "docker", intervalMs: null });
  });

  it("is null for runs without one, unknown modes and unreadable settings", () => {
    expect(runProbe(null)).toBeNull();
    expect(runProbe(JSON.stringify({ removeVolumes: true }))).toBeNull();
    expect(runProbe(JSON.stringify({ probeMode: "telepathy" }))).toBeNull();
    expect(runProbe("{not json")).toBeNull();
  });

  it("says what every mode costs", () => {
    for (const choice of Object.values(PROBE_MODE_CHOICES)) expect(choice.cost.length).toBeGreaterThan(20);
  });
});

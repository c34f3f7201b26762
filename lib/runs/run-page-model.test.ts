import { describe, expect, it } from "vitest";
import { eventLine, resourcePoints } from "./run-page-model";

const bucket = (t: number, cpuPercentAvg: number, memoryUsedBytesAvg: number) => ({
  id: 0,
  runId: "r",
  service: "s",
  container: "c",
  t,
  samples: 1,
  cpuPercentAvg,
  cpuPercentMax: cpuPercentAvg,
  memoryUsedBytesAvg,
  memoryUsedBytesMax: memoryUsedBytesAvg,
  memoryLimitBytes: 0,
  netRxRateAvg: 0,
  netTxRateAvg: 0,
});

describe("resourcePoints", () => {
  it("sums every container's bucket of one instant, in time order, relative to the run's start", () => {
    const startedAt = new Date(10_000);
    const points = resourcePoints({
      startedAt,
      statBuckets: [bucket(20_000, 50, 2 ** 30), bucket(15_000, 100, 0), bucket(20_000, 150, 2 ** 29)],
    });
    expect(points).toEqual([
      { t: 5_000, cpuCores: 1, memoryGiB: 0 },
      { t: 10_000, cpuCores: 2, memoryGiB: 1.5 },
    ]);
  });
});

describe("eventLine", () => {
  it("writes logs, state changes and other events as one line each", () => {
    expect(eventLine({ t: 1250, type: "log", payload: { service: "db", line: "ready" } })).toBe(
      "    1.25 s  db: ready\n",
    );
    expect(eventLine({ t: 0, type: "service_state", payload: { service: "db", state: "healthy" } })).toBe(
      "    0.00 s  db → healthy\n",
    );
    expect(eventLine({ t: 0, type: "run_state", payload: { run: { state: "ready" } } })).toBe(
      "    0.00 s  run → ready\n",
    );
    expect(eventLine({ t: 0, type: "phase_started", payload: null })).toBe("    0.00 s  phase_started\n");
  });
  it("writes a log line of a payload it cannot read without failing", () => {
    expect(eventLine({ t: 0, type: "log", payload: { line: 42 } })).toBe("    0.00 s  panel: \n");
  });
});

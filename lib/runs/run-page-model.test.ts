import { describe, expect, it } from "vitest";
import { eventLine, resourcePoints, swarmFitLine, swarmPortsLine } from "./run-page-model";

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

describe("swarmFitLine", () => {
  const fitTo = { kind: "smallest-swarm-node", nodes: 3, cpus: 2, memoryBytes: 3 * 2 ** 30 };
  const swarmRun = (fitMode: "clamp" | "proportional" | "none", settings: Record<string, unknown> = {}) => ({
    kind: "deploy" as const,
    fitMode,
    settings: { target: "swarm", fitTo, ...settings },
  });

  it("says a Swarm deploy's limits were fitted to the smallest node, with its CPUs and memory", () => {
    expect(swarmFitLine(swarmRun("clamp"))).toBe(
      "Docker Swarm: limits fitted to the smallest of the swarm's 3 node(s): 2 CPU, 3 GiB, not to this host: a task may be placed on any node",
    );
    expect(swarmFitLine(swarmRun("proportional"))).toContain(
      "fitted to the smallest of the swarm's 3 node(s)",
    );
  });

  it("says the limits were left as written when the fit mode was none", () => {
    expect(swarmFitLine(swarmRun("none"))).toBe(
      "Docker Swarm: limits as written, not fitted to the smallest of the swarm's 3 node(s): 2 CPU, 3 GiB",
    );
  });

  it("reads the sentence runs stored before fitTo was an object", () => {
    const legacy = swarmRun("clamp", { fitTo: "the smallest of 2 nodes: 1.5 CPUs, 536870912 bytes" });
    expect(swarmFitLine(legacy)).toContain("the smallest of the swarm's 2 node(s): 1.5 CPU, 512 MiB");
  });

  it("says the size was not recorded when it was not, and says nothing for engine runs", () => {
    expect(swarmFitLine(swarmRun("clamp", { fitTo: undefined }))).toContain(
      "the swarm's smallest node (its CPUs and memory were not recorded)",
    );
    expect(swarmFitLine({ kind: "deploy", fitMode: "clamp", settings: {} })).toBeNull();
    expect(swarmFitLine({ kind: "teardown", fitMode: null, settings: { target: "swarm" } })).toBeNull();
  });
});

describe("swarmPortsLine", () => {
  const line = "not published on Swarm: postgres 127.0.0.1:5432 (…)";
  it("reads a Swarm deploy's unpublished ports, null for other runs", () => {
    expect(swarmPortsLine({ kind: "deploy", settings: { target: "swarm", unpublishedPorts: line } })).toBe(
      line,
    );
    expect(swarmPortsLine({ kind: "deploy", settings: { target: "swarm" } })).toBeNull();
    expect(swarmPortsLine({ kind: "deploy", settings: { unpublishedPorts: line } })).toBeNull();
    expect(
      swarmPortsLine({ kind: "teardown", settings: { target: "swarm", unpublishedPorts: line } }),
    ).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import type { ContainerSample } from "@/lib/stats/sample";
import { historyFromBatches, totalsOf, type StatsBatch } from "@/lib/stats/series";
import { efficiencyOf } from "./efficiency";
import { initialStatsState, projectStatsReducer } from "./stats-state";

const sample = (t: number, cpuPercent: number, memoryUsedBytes = 512 * 2 ** 20): ContainerSample => ({
  containerId: "a",
  name: "p-web-1",
  service: "web",
  t,
  cpuPercent,
  memoryUsedBytes,
  memoryLimitBytes: 2 ** 30,
  memoryPercent: 50,
  netRxBytes: 0,
  netTxBytes: 0,
  netRxRate: 0,
  netTxRate: 0,
  blockReadBytes: 0,
  blockWriteBytes: 0,
  pids: 1,
  source: "docker",
});
const batch = (t: number, cpu: number, project = "p"): StatsBatch => ({
  project,
  t,
  samples: [sample(t, cpu)],
  totals: totalsOf([sample(t, cpu)]),
  source: "docker",
  intervalMs: 1000,
});

describe("projectStatsReducer", () => {
  it("queues batches that arrive while joining and replays those newer than the history", () => {
    let state = initialStatsState("p");
    state = projectStatsReducer(state, { type: "batch", batch: batch(2000, 20) });
    state = projectStatsReducer(state, { type: "batch", batch: batch(3000, 30) });
    state = projectStatsReducer(state, {
      type: "history",
      history: historyFromBatches("p", [batch(1000, 10), batch(2000, 20)]),
    });
    expect(state.status).toBe("live");
    expect(state.history.ticks).toEqual([1000, 2000, 3000]);
    state = projectStatsReducer(state, { type: "batch", batch: batch(4000, 40) });
    expect(state.history.series.a!.cpuPercent).toEqual([10, 20, 30, 40]);
  });

  it("keeps the drawn history through a reconnect, and ignores other projects' batches", () => {
    let state = projectStatsReducer(initialStatsState("p"), {
      type: "history",
      history: historyFromBatches("p", [batch(1000, 10)]),
    });
    state = projectStatsReducer(state, { type: "joining", project: "p" });
    expect(state.history.ticks).toEqual([1000]);
    state = projectStatsReducer(state, {
      type: "history",
      history: historyFromBatches("p", [batch(1000, 10), batch(2000, 5)]),
    });
    expect(projectStatsReducer(state, { type: "batch", batch: batch(9000, 1, "other") })).toBe(state);
    expect(projectStatsReducer(state, { type: "joining", project: "q" }).history.ticks).toEqual([]);
  });

  it("reports a refused watch", () => {
    const state = projectStatsReducer(initialStatsState("p"), { type: "error", msg: "forbidden" });
    expect(state).toMatchObject({ status: "error", error: "forbidden" });
  });
});

describe("efficiencyOf", () => {
  it("averages the last ticks and divides by the allocation", () => {
    const history = historyFromBatches("p", [batch(1000, 0), batch(2000, 100), batch(3000, 50)]);
    const e = efficiencyOf(history, { cpus: 2, memoryBytes: 2 ** 30 }, 2)!;
    expect(e.cpuUsedCores).toBe(0.75); // (100 + 50) / 2 / 100
    expect(e.cpuShare).toBe(0.375);
    expect(e.memoryShare).toBe(0.5);
    expect(efficiencyOf(history, { cpus: null, memoryBytes: null })!.cpuShare).toBeNull();
    expect(efficiencyOf(historyFromBatches("p", []), { cpus: 1, memoryBytes: 1 })).toBeNull();
  });
});

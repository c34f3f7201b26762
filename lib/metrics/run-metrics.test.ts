import { describe, expect, it } from "vitest";
import type { DeployBus, DeployListener } from "@/lib/deploy/bus";
import type { RunSnapshot } from "@/lib/deploy/run-state";
import type { RunResult } from "@/lib/deploy/types";
import {
  boundedLabel,
  createPanelMetrics,
  METRIC_PHASE_LIMIT,
  METRIC_TOPOLOGY_LIMIT,
  OTHER_LABEL,
} from "./panel-metrics";
import { runLabelsOf, watchRuns } from "./run-metrics";
import { scrapeMetrics } from "./scrape";

const result = (over: Partial<RunResult> = {}): RunResult => ({
  runId: "r1",
  kind: "deploy",
  project: "proj",
  strategy: "phased",
  status: "healthy",
  startedAt: "2026-01-01T00:00:00.000Z",
  totalMs: 12_500,
  cleanupMs: null,
  services: [],
  phases: [
    { index: 0, name: "Foundation", services: ["db"], startedAt: 100, readyAt: 4_100 },
    { index: 1, name: "Workers", services: ["w"], startedAt: 4_200, readyAt: null },
  ],
  error: null,
  fitScale: null,
  topologyHash: null,
  created: { containers: [], networks: [], volumes: [] },
  settings: { topology: "optimized" },
  ...over,
});

/** A bus that delivers what the test publishes and reports the given runs in flight. */
const fakeBus = (active: Partial<RunSnapshot>[] = []): DeployBus => {
  const listeners = new Set<DeployListener>();
  return {
    publish: (event) => listeners.forEach((listener) => listener(event)),
    subscribe: (listener) => (listeners.add(listener), () => void listeners.delete(listener)),
    snapshot: () => undefined,
    activeRuns: () => active as RunSnapshot[],
  };
};

const finished = (r: RunResult) =>
  ({
    type: "run_finished",
    runId: r.runId,
    project: r.project,
    t: r.totalMs,
    at: r.startedAt,
    result: r,
  }) as const;

describe("run metrics", () => {
  it("labels scale runs by direction and falls back to the project without a topology name", () => {
    expect(runLabelsOf(result({ kind: "scale", settings: { direction: "down" }, strategy: null }))).toEqual({
      kind: "scale_down",
      topology: "proj",
      strategy: "none",
    });
  });

  it("observes a finished run's total, ready phases and outcome from the bus, and only finished runs", async () => {
    const metrics = createPanelMetrics({ defaults: false });
    const bus = fakeBus([{ kind: "deploy" }, { kind: "deploy" }, { kind: "teardown" }]);
    const stop = watchRuns({ bus, metrics });
    bus.publish({ type: "run_state", runId: "r0", project: "proj", t: 1, at: "", run: { state: "healthy" } });
    bus.publish(finished(result()));
    bus.publish(finished(result({ runId: "r2", status: "failed", totalMs: 700, phases: [] })));
    stop();
    bus.publish(finished(result({ runId: "r3" })));
    const { text } = await scrapeMetrics({
      metrics,
      sources: {
        bus,
        socketClients: () => 3,
        statsCounts: () => ({
          projects: ["proj"],
          collectors: 4,
          openStreams: 1,
          kernelContainers: 3,
          eventStreams: 1,
          tickMs: 1000,
        }),
      },
    });
    const labels = 'kind="deploy",topology="optimized",strategy="phased"';
    expect(text).toContain(`ollamamax_runs_total{${labels},outcome="healthy"} 1`);
    expect(text).toContain(`ollamamax_runs_total{${labels},outcome="failed"} 1`);
    expect(text).toContain(`ollamamax_run_duration_seconds_sum{${labels},outcome="healthy"} 12.5`);
    expect(text).toContain(`ollamamax_run_duration_seconds_bucket{le="1",${labels},outcome="failed"} 1`);
    expect(text).toContain(`ollamamax_phase_ready_seconds_sum{${labels},phase="Foundation"} 4.1`);
    expect(text).toContain(`ollamamax_phase_duration_seconds_sum{${labels},phase="Foundation"} 4`);
    // A phase that never became ready is not a startup time.
    expect(text).not.toContain('phase="Workers"');
    expect(text).toContain("ollamamax_stats_containers_watched 4");
    expect(text).toContain('ollamamax_stats_collectors{source="kernel"} 3');
    expect(text).toContain("ollamamax_socket_clients 3");
    expect(text).toContain('ollamamax_runs_in_progress{kind="deploy"} 2');
    expect(text).toContain('ollamamax_runs_in_progress{kind="scale"} 0');
  });

  it("caps the topology and phase label values: an operator's new topologies add no series past the limit", async () => {
    const metrics = createPanelMetrics({ defaults: false });
    const bus = fakeBus();
    const stop = watchRuns({ bus, metrics });
    const extra = 15;
    for (let i = 0; i < METRIC_TOPOLOGY_LIMIT + extra; i += 1)
      bus.publish(
        finished(
          result({
            runId: `t${i}`,
            settings: { topology: `mine-${i}` },
            phases: [{ index: 0, name: `phase-${i}`, services: ["a"], startedAt: 0, readyAt: 1_000 }],
          }),
        ),
      );
    // A topology seen before the cap keeps its own series.
    bus.publish(finished(result({ runId: "again", settings: { topology: "mine-0" } })));
    stop();
    const text = await metrics.registry.metrics();
    const series = (metric: string, label: string) =>
      new Set(
        text
          .split("\n")
          .filter((line) => line.startsWith(`${metric}{`))
          .map((line) => new RegExp(`${label}="([^"]*)"`).exec(line)?.[1]),
      );
    const topologies = series("ollamamax_runs_total", "topology");
    expect(topologies.size).toBe(METRIC_TOPOLOGY_LIMIT + 1);
    expect(topologies.has(OTHER_LABEL)).toBe(true);
    expect(topologies.has(`mine-${METRIC_TOPOLOGY_LIMIT}`)).toBe(false);
    expect(text).toContain(
      'ollamamax_runs_total{kind="deploy",topology="mine-0",strategy="phased",outcome="healthy"} 2',
    );
    expect(text).toContain(
      `ollamamax_runs_total{kind="deploy",topology="${OTHER_LABEL}",strategy="phased",outcome="healthy"} ${extra}`,
    );
    const phases = series("ollamamax_phase_ready_seconds_count", "phase");
    expect(phases.size).toBeLessThanOrEqual(METRIC_PHASE_LIMIT + 1);
    expect(phases.has(OTHER_LABEL)).toBe(true);
  });

  it("keeps the first values of a bounded label and folds the rest into other", () => {
    const label = boundedLabel({ limit: 2 });
    expect(["a", "b", "c", "a", "d", "b"].map(label)).toEqual(["a", "b", OTHER_LABEL, "a", OTHER_LABEL, "b"]);
  });
});

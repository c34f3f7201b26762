// Runs → histograms and counters: every finished deploy, teardown, scale and latency run is
// observed once, from its result on the deploy bus (the same event the recorder stores).
import type { DeployBus } from "@/lib/deploy/bus";
import type { RunResult } from "@/lib/deploy/types";
import type { PanelMetrics, RunLabels } from "./panel-metrics";

/** What a run is labelled with: scale runs by direction, the topology's folder name (else its project). */
export const runLabelsOf = (result: RunResult): RunLabels => {
  const { topology, direction } = result.settings;
  const kind =
    result.kind === "scale" && (direction === "up" || direction === "down")
      ? `scale_${direction}`
      : result.kind;
  return {
    kind,
    topology: typeof topology === "string" && topology ? topology : result.project,
    strategy: result.strategy ?? "none",
  };
};

/** Observes one finished run: its total, each phase's duration and ready time, its outcome. */
export const observeRun = ({ metrics, result }: { metrics: PanelMetrics; result: RunResult }): void => {
  const named = runLabelsOf(result);
  const labels = { ...named, topology: metrics.topologyLabel(named.topology) };
  metrics.runDuration.observe({ ...labels, outcome: result.status }, result.totalMs / 1000);
  metrics.runs.inc({ ...labels, outcome: result.status });
  for (const phase of result.phases) {
    if (phase.readyAt === null) continue;
    const phaseLabel = metrics.phaseLabel(phase.name);
    metrics.phaseReady.observe({ ...labels, phase: phaseLabel }, phase.readyAt / 1000);
    if (phase.startedAt !== null)
      metrics.phaseDuration.observe(
        { ...labels, phase: phaseLabel },
        (phase.readyAt - phase.startedAt) / 1000,
      );
  }
};

/** Observes every run the bus finishes from now on; returns the unsubscribe function. */
export const watchRuns = ({ bus, metrics }: { bus: DeployBus; metrics: PanelMetrics }): (() => void) =>
  bus.subscribe((event) => {
    if (event.type === "run_finished") observeRun({ metrics, result: event.result });
  });

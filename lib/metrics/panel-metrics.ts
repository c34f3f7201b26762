// The panel's own Prometheus metrics: one registry per process (server.ts feeds it, the /metrics
// route reads it; they are separate module graphs, hence the global singleton).
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { globalSingleton } from "@/lib/global-singleton";

/** Startup and teardown times run from under a second (fixtures) to tens of minutes (model pulls). */
export const DURATION_BUCKETS_SECONDS = [0.5, 1, 2, 5, 10, 20, 30, 45, 60, 90, 120, 180, 300, 600, 1200];

const LINT_FAILING_DEFAULTS = [
  "nodejs_active_handles_total",
  "nodejs_active_requests_total",
  "nodejs_active_resources_total",
];

/** Labels of every run metric: what ran, on which topology, how it was started. */
export type RunLabels = { kind: string; topology: string; strategy: string };

/** Distinct topology names /metrics labels; later ones (operators add topologies) count as "other". */
export const METRIC_TOPOLOGY_LIMIT = 20;
/** Distinct phase names /metrics labels (a file's `x-phase` names them); later ones count as "other". */
export const METRIC_PHASE_LIMIT = 24;
/** The label value of every name past its limit. */
export const OTHER_LABEL = "other";

/**
 * A label whose values come from users' files: the first `limit` distinct values are kept as they
 * are, every later one becomes "other", so no file adds series without bound.
 */
export const boundedLabel = ({ limit }: { limit: number }): ((value: string) => string) => {
  const seen = new Set<string>();
  return (value) => {
    if (seen.has(value)) return value;
    if (seen.size >= limit || value === OTHER_LABEL) return OTHER_LABEL;
    seen.add(value);
    return value;
  };
};

export type PanelMetrics = {
  registry: Registry;
  /** The topology label of a run (capped at METRIC_TOPOLOGY_LIMIT values). */
  topologyLabel: (name: string) => string;
  /** The phase label of a run's phase (capped at METRIC_PHASE_LIMIT values). */
  phaseLabel: (name: string) => string;
  runDuration: Histogram<"kind" | "topology" | "strategy" | "outcome">;
  phaseDuration: Histogram<"kind" | "topology" | "strategy" | "phase">;
  phaseReady: Histogram<"kind" | "topology" | "strategy" | "phase">;
  runs: Counter<"kind" | "topology" | "strategy" | "outcome">;
  runsInProgress: Gauge<"kind">;
  containersWatched: Gauge;
  projectsWatched: Gauge;
  statsCollectors: Gauge<"source">;
  socketClients: Gauge;
  alertsOpened: Counter<"rule">;
  alertsResolved: Counter<"rule">;
  alertDeliveries: Counter<"kind" | "outcome">;
  alertsOpen: Gauge;
};

/** A fresh registry with the panel's metrics and Node's default ones (event-loop lag among them). */
export const createPanelMetrics = ({ defaults = true }: { defaults?: boolean } = {}): PanelMetrics => {
  const registry = new Registry();
  if (defaults) {
    collectDefaultMetrics({ register: registry });
    // prom-client also exports these counts as gauges named *_total, which `promtool check metrics`
    // rejects (only counters end in _total); the same numbers stay as nodejs_active_handles & co.
    for (const name of LINT_FAILING_DEFAULTS) registry.removeSingleMetric(name);
  }
  const registers = [registry];
  const runLabels = ["kind", "topology", "strategy"] as const;
  return {
    registry,
    topologyLabel: boundedLabel({ limit: METRIC_TOPOLOGY_LIMIT }),
    phaseLabel: boundedLabel({ limit: METRIC_PHASE_LIMIT }),
    runDuration: new Histogram({
      name: "ollamamax_run_duration_seconds",
      help: "Time from a run's start to its final status (deploy: every service ready), by kind, topology, strategy and outcome.",
      labelNames: [...runLabels, "outcome"],
      buckets: DURATION_BUCKETS_SECONDS,
      registers,
    }),
    phaseDuration: new Histogram({
      name: "ollamamax_phase_duration_seconds",
      help: "Time from a phase's first start to its last service ready.",
      labelNames: [...runLabels, "phase"],
      buckets: DURATION_BUCKETS_SECONDS,
      registers,
    }),
    phaseReady: new Histogram({
      name: "ollamamax_phase_ready_seconds",
      help: "Time from the run's start until the phase was ready (the startup curve).",
      labelNames: [...runLabels, "phase"],
      buckets: DURATION_BUCKETS_SECONDS,
      registers,
    }),
    runs: new Counter({
      name: "ollamamax_runs_total",
      help: "Finished runs by kind, topology, strategy and outcome (healthy, failed, cancelled, torn_down).",
      labelNames: [...runLabels, "outcome"],
      registers,
    }),
    runsInProgress: new Gauge({
      name: "ollamamax_runs_in_progress",
      help: "Runs in flight by kind.",
      labelNames: ["kind"],
      registers,
    }),
    containersWatched: new Gauge({
      name: "ollamamax_stats_containers_watched",
      help: "Containers whose live stats the panel collects.",
      registers,
    }),
    projectsWatched: new Gauge({
      name: "ollamamax_stats_projects_watched",
      help: "Projects (topologies) whose live stats the panel collects.",
      registers,
    }),
    statsCollectors: new Gauge({
      name: "ollamamax_stats_collectors",
      help: "Stats readers by source: kernel (cgroup files) or docker (one stats stream each).",
      labelNames: ["source"],
      registers,
    }),
    socketClients: new Gauge({
      name: "ollamamax_socket_clients",
      help: "Browsers (socket.io clients) connected to the panel.",
      registers,
    }),
    alertsOpened: new Counter({
      name: "ollamamax_alerts_opened_total",
      help: "Alerts opened (deduplicated: a condition seen again while open is not counted), by rule.",
      labelNames: ["rule"],
      registers,
    }),
    alertsResolved: new Counter({
      name: "ollamamax_alerts_resolved_total",
      help: "Alerts resolved, by rule.",
      labelNames: ["rule"],
      registers,
    }),
    alertDeliveries: new Counter({
      name: "ollamamax_alert_deliveries_total",
      help: "Alert messages by channel kind and outcome (sent, failed after its retries, rate_limited).",
      labelNames: ["kind", "outcome"],
      registers,
    }),
    alertsOpen: new Gauge({
      name: "ollamamax_alerts_open",
      help: "Alerts open now.",
      registers,
    }),
  };
};

/** The process-wide metrics. */
export const getPanelMetrics = (): PanelMetrics => globalSingleton("metrics", () => createPanelMetrics());

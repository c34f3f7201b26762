// What a scrape reads besides the run histograms: the state of the stats hub, socket.io and the
// runs in flight, read at scrape time so the numbers are never stale.
import type { DeployBus } from "@/lib/deploy/bus";
import type { StatsHubCounts } from "@/lib/stats/hub-types";
import type { PanelMetrics } from "./panel-metrics";
import { RUN_KINDS } from "@/lib/run-vocabulary";

export type ScrapeSources = {
  bus: DeployBus;
  statsCounts: () => StatsHubCounts;
  socketClients: () => number;
};

/** Sets the gauges from their sources. */
export const refreshGauges = ({
  metrics,
  sources,
}: {
  metrics: PanelMetrics;
  sources: ScrapeSources;
}): void => {
  const counts = sources.statsCounts();
  metrics.containersWatched.set(counts.collectors);
  metrics.projectsWatched.set(counts.projects.length);
  metrics.statsCollectors.set({ source: "kernel" }, counts.kernelContainers);
  metrics.statsCollectors.set({ source: "docker" }, counts.openStreams);
  metrics.socketClients.set(sources.socketClients());
  metrics.runsInProgress.reset();
  const inFlight = new Map<string, number>();
  for (const run of sources.bus.activeRuns()) inFlight.set(run.kind, (inFlight.get(run.kind) ?? 0) + 1);
  for (const kind of RUN_KINDS) metrics.runsInProgress.set({ kind }, inFlight.get(kind) ?? 0);
};

/** The exposition text of a registry after refreshing its gauges. */
export const scrapeMetrics = async ({
  metrics,
  sources,
}: {
  metrics: PanelMetrics;
  sources: ScrapeSources;
}): Promise<{ text: string; contentType: string }> => {
  refreshGauges({ metrics, sources });
  return { text: await metrics.registry.metrics(), contentType: metrics.registry.contentType };
};

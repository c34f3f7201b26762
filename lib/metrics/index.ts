/**
 * The panel's own metrics (GET /metrics, Prometheus text format). server.ts starts them once at
 * boot; the route scrapes the same process-wide registry.
 */
import { countOpenAlerts } from "@/lib/db/alerts";
import { getDeployBus } from "@/lib/deploy/bus";
import { globalSingleton } from "@/lib/global-singleton";
import { socketClientCount } from "@/lib/realtime/server";
import { getStatsHub } from "@/lib/stats/hub";
import { getPanelMetrics, type PanelMetrics } from "./panel-metrics";
import { watchRuns } from "./run-metrics";
import { scrapeMetrics } from "./scrape";

export { createPanelMetrics, getPanelMetrics, type PanelMetrics } from "./panel-metrics";
export { observeRun, runLabelsOf, watchRuns } from "./run-metrics";
export { refreshGauges, scrapeMetrics, type ScrapeSources } from "./scrape";

/** Observes every run from now on (once per process). */
export const startMetrics = (): PanelMetrics =>
  globalSingleton("metrics-watch", () => {
    const metrics = getPanelMetrics();
    watchRuns({ bus: getDeployBus(), metrics });
    return metrics;
  });

/** The panel's metrics as Prometheus text, gauges read now. */
export const panelMetricsText = async (): Promise<{ text: string; contentType: string }> => {
  const metrics = getPanelMetrics();
  // The database is the truth of what is open (alerts survive a panel restart).
  metrics.alertsOpen.set(await countOpenAlerts().catch(() => 0));
  return scrapeMetrics({
    metrics,
    sources: {
      bus: getDeployBus(),
      statsCounts: () => getStatsHub().counts(),
      socketClients: socketClientCount,
    },
  });
};

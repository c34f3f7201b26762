// The shipped Grafana dashboard and scrape job name only metrics the panel serves: a renamed
// metric must not leave the dashboard silently empty.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createPanelMetrics } from "./panel-metrics";

const dashboard = JSON.parse(readFileSync("docs/grafana/ollamamax-panel.json", "utf8")) as {
  panels: { type: string; title: string; targets?: { expr: string }[] }[];
  templating: { list: { definition?: string }[] };
};

const served = async (): Promise<Set<string>> => {
  const metrics = createPanelMetrics();
  const json = await metrics.registry.getMetricsAsJSON();
  return new Set(json.map((metric) => metric.name));
};

/** Metric names in a PromQL expression (histogram series map back to their histogram). */
const metricNamesIn = (expr: string): string[] =>
  [...expr.matchAll(/\b((?:ollamamax|nodejs|process)_[a-z0-9_]+)/g)].map((m) =>
    (m[1] as string).replace(/_(bucket|sum|count)$/, ""),
  );

describe("docs/grafana/ollamamax-panel.json", () => {
  it("queries only metrics /metrics serves", async () => {
    const names = await served();
    const exprs = [
      ...dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((t) => t.expr)),
      ...dashboard.templating.list.flatMap((v) => (v.definition ? [v.definition] : [])),
    ];
    const used = exprs.flatMap(metricNamesIn);
    expect(used.length).toBeGreaterThan(10);
    expect(used.filter((name) => !names.has(name))).toEqual([]);
  });

  it("covers startup time by topology, strategy and phase, and runs by outcome", () => {
    const all = JSON.stringify(dashboard.panels);
    expect(all).toContain("ollamamax_phase_ready_seconds");
    expect(all).toMatch(/by \(topology, strategy, phase\)/);
    expect(all).toMatch(/ollamamax_runs_total.*outcome|outcome.*ollamamax_runs_total/);
  });
});

import { describe, expect, it } from "vitest";
import { computeVerdicts, EXPERIMENT_METRICS } from "@/lib/verdict/verdict";
import type { ExperimentReport } from "./experiment-report";
import { experimentCsv, experimentJson, experimentMarkdown } from "./experiment-export";
import { etaText, guideClaimRows, repetitionRows, stripPlots, verdictRows } from "./experiment-view";

const ready = [
  [190_000, 185_000, 200_000, 195_000],
  [118_000, 125_000, 121_000, 400_000],
];
const labels = ["original/sequential", "optimized/dag"];
const conditions = "cold data, fit clamp, same host, engine and images";
const report: ExperimentReport = {
  id: "exp-1",
  name: "guide, clamp",
  status: "done",
  reason: null,
  by: "op",
  createdAt: "2026-12-07T03:00:00.000Z",
  startedAt: null,
  finishedAt: null,
  seed: 99,
  definition: {
    name: "guide, clamp",
    variants: [
      { topology: "original", strategy: "sequential", fit: "clamp" },
      { topology: "optimized", strategy: "dag", fit: "clamp" },
    ],
    baseline: 0,
    repetitions: 4,
    warmup: 0,
    data: "cold",
    order: "round-robin",
    seed: 99,
  },
  variants: [
    {
      topology: "original",
      strategy: "sequential",
      fit: "clamp",
      label: labels[0] as string,
      baseline: true,
    },
    { topology: "optimized", strategy: "dag", fit: "clamp", label: labels[1] as string, baseline: false },
  ],
  progress: { completed: 8, total: 8, percent: 100, etaMs: null },
  repetitions: [],
  samples: {
    readyMs: ready.flatMap((values, variant) =>
      values.map((value, i) => ({ variant, repetition: i + 1, runId: `run-${variant}-${i}`, value })),
    ),
  },
  metrics: EXPERIMENT_METRICS.map(({ key, label, unit }) => ({ key, label, unit })),
  conditions,
  differences: [],
  calibration: null,
  drift: null,
  verdicts: computeVerdicts({
    variants: labels.map((label) => ({ label })),
    baseline: 0,
    samples: { readyMs: ready },
    seed: 99,
    conditions,
  }),
};

describe("experiment view", () => {
  it("draws one strip plot per measured metric, the outlier marked and kept", () => {
    const plots = stripPlots(report);
    expect(plots.map((p) => p.metric)).toEqual(["readyMs"]);
    const dag = plots[0]?.variants[1];
    expect(dag?.points).toHaveLength(4);
    expect(dag?.points.filter((p) => p.outlier).map((p) => p.y)).toEqual([400_000]);
    expect(dag?.median).toBe(123_000);
  });

  it("formats the verdict table", () => {
    const [row] = verdictRows(report);
    expect(row).toMatchObject({
      metric: "time to ready",
      variant: "optimized/dag",
      n: "4 / 4",
      outliers: "#4",
    });
    expect(row?.median).toBe("123.0 s vs 192.5 s");
  });

  it("exports every sample as CSV with the seed, and the verdicts as Markdown", () => {
    const csv = experimentCsv(report).trim().split("\n");
    expect(csv[0]).toBe("experiment,seed,metric,unit,variant,variant_label,repetition,run_id,value,outlier");
    expect(csv).toHaveLength(9);
    expect(csv).toContain("exp-1,99,readyMs,ms,1,optimized/dag,4,run-1-3,400000,yes");
    const md = experimentMarkdown(report);
    expect(md).toContain("# Experiment: guide, clamp");
    expect(md).toContain(`- ${report.verdicts[0]?.sentence}`);
    expect(md).toContain("| time to ready | optimized/dag | 4 / 4 |");
    expect(JSON.parse(experimentJson(report))).toMatchObject({
      seed: 99,
      samples: { readyMs: expect.any(Array) },
    });
  });

  it("sets the guide's claims beside the measured ratio", () => {
    const rows = guideClaimRows(report);
    expect(rows).toHaveLength(2);
    expect(rows[0]?.claim).toBe("Performance Comparison table: 190 s → 120 s (−37 %): ratio 0.63");
    expect(rows[0]?.measured).toMatch(/^0\.64 \(95 % CI 0\.\d\d–\d\.\d\d\)$/);
  });

  it("writes each repetition's row: a warm-up named, the reason beside the status, the run's values", () => {
    const rows = repetitionRows({
      ...report,
      repetitions: [
        {
          slot: 0,
          variant: 0,
          repetition: 1,
          warmup: true,
          runId: "run-0-0",
          status: "done",
          reason: null,
          latency: null,
        },
        {
          slot: 1,
          variant: 1,
          repetition: 2,
          warmup: false,
          runId: "run-1-1",
          status: "failed",
          reason: "deploy ended failed",
          latency: { p50Ms: 3.4, p95Ms: null },
        },
      ],
    });
    expect(rows).toEqual([
      {
        key: 0,
        slot: "1",
        variant: labels[0],
        repetition: "warm-up 1",
        status: "done",
        runId: "run-0-0",
        ready: "190.0 s",
        dockerHealthy: "—",
        latency: "—",
      },
      {
        key: 1,
        slot: "2",
        variant: labels[1],
        repetition: "2",
        status: "failed (deploy ended failed)",
        runId: "run-1-1",
        ready: "125.0 s",
        dockerHealthy: "—",
        latency: "3 ms / —",
      },
    ]);
  });

  it("says the ETA in minutes or seconds", () => {
    expect(etaText(null)).toBe("ETA after the first repetition");
    expect(etaText(30_000)).toBe("about 30 s left");
    expect(etaText(300_000)).toBe("about 5 min left");
  });
});

// An experiment's downloads: the JSON (every sample and the seed), the CSV (one row per sample) and
// the Markdown (verdicts, conditions, calibration and drift); pure over an ExperimentReport.
import { csvField } from "@/lib/csv";
import type { ExperimentReport } from "./experiment-report";
import { calibrationText, driftText, stripPlots, verdictRows } from "./experiment-view";

export const EXPORT_FORMATS = ["json", "csv", "md"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Every sample, one row each: experiment, seed, metric, variant, repetition, run, value, outlier. */
export const experimentCsv = (report: ExperimentReport): string => {
  const header = [
    "experiment",
    "seed",
    "metric",
    "unit",
    "variant",
    "variant_label",
    "repetition",
    "run_id",
    "value",
    "outlier",
  ];
  const rows = stripPlots(report).flatMap((plot) =>
    plot.variants.flatMap((variant) =>
      variant.points.map((p) => [
        report.id,
        String(report.seed),
        plot.metric,
        plot.unit,
        String(variant.index),
        variant.label,
        String(p.repetition),
        p.runId,
        String(p.y),
        p.outlier ? "yes" : "no",
      ]),
    ),
  );
  return [header, ...rows].map((row) => row.map(csvField).join(",")).join("\n") + "\n";
};

const mdCell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");

/** The verdicts, conditions, calibration and drift as Markdown a person pastes into an issue. */
export const experimentMarkdown = (report: ExperimentReport): string => {
  const rows = verdictRows(report);
  const lines = [
    `# Experiment: ${mdCell(report.name)}`,
    "",
    `- id: ${report.id}, seed ${report.seed}, status ${report.status}${report.reason ? ` (${mdCell(report.reason)})` : ""}`,
    `- variants: ${report.variants.map((v, i) => `${i}. ${v.label}${v.baseline ? " (baseline)" : ""}`).join("; ")}`,
    `- ${report.definition.repetitions} repetitions each, ${report.definition.warmup} warm-up, ${report.definition.data} data, ${report.definition.order} order`,
    `- conditions: ${report.conditions}`,
    `- host calibration: ${calibrationText(report)}`,
    ...(driftText(report) ? [`- drift: ${driftText(report)}`] : []),
    ...(report.differences.length
      ? [`- conditions that differ (no verdict): ${report.differences.join("; ")}`]
      : []),
    "",
    "## Verdicts",
    "",
    ...rows.map((r) => `- ${r.sentence}`),
    "",
    "| metric | variant | n | median | ratio | 95 % CI | p (Holm) | Cliff's δ | outliers |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows.map(
      (r) =>
        `| ${[r.metric, r.variant, r.n, r.median, r.ratio, r.ci, r.p, r.delta, r.outliers].map(mdCell).join(" | ")} |`,
    ),
    "",
    "Ratio = median(variant) ÷ median(baseline), 95 % percentile bootstrap (10,000 resamples, the seed above); p: Mann–Whitney U, two-sided, Holm-adjusted across the table.",
    "",
  ];
  return lines.join("\n");
};

/** The JSON export: the whole report — every sample, the seed, the definition, the verdicts. */
export const experimentJson = (report: ExperimentReport): string => `${JSON.stringify(report, null, 2)}\n`;

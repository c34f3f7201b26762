// An experiment page's sections: the verdicts (sentences and the table), the guide's startup claims
// beside the measured ratio, the conditions and calibration, and every repetition with its values.
import Link from "next/link";
import { DataTable, rowClass } from "@/components/ui/data-table";
import type { ExperimentPageModel } from "@/lib/operations/experiment-view";

type Props = { model: ExperimentPageModel };

export function ExperimentVerdicts({ model }: Props) {
  const { report, rows } = model;
  return (
    <section className="space-y-2">
      <h2 className="text-lg font-semibold">Verdicts</h2>
      {report.differences.length > 0 && (
        <p role="alert" className="text-sm text-amber-700">
          No verdict: the repetitions&apos; conditions differ — {report.differences.join("; ")}.
        </p>
      )}
      {model.drift && <p className="text-sm text-zinc-600 dark:text-zinc-400">{model.drift}</p>}
      <ul className="list-disc pl-5 text-sm" data-testid="verdict-sentences">
        {rows.map((r) => (
          <li key={r.key}>{r.sentence}</li>
        ))}
        {rows.length === 0 && (
          <li className="text-zinc-500">
            No verdict yet: it needs two finished repetitions of each variant.
          </li>
        )}
      </ul>
      <div className="overflow-x-auto">
        <DataTable
          testId="verdict-table"
          columns={[
            "Metric",
            "Variant",
            "n",
            "Median (vs baseline)",
            "Mean ± σ",
            "Min–max",
            { label: "Ratio", title: "median(variant) ÷ median(baseline)" },
            { label: "95 % CI", title: "percentile bootstrap, 10,000 resamples, the experiment's seed" },
            { label: "p", title: "Mann–Whitney U, two-sided, Holm-adjusted across this table" },
            { label: "Cliff's δ", title: "P(variant > baseline) − P(variant < baseline)" },
            { label: "Outliers", title: "repetitions with |modified Z| > 3.5 (kept)" },
          ]}
        >
          {rows.map((r) => (
            <tr key={r.key} className={rowClass}>
              <td className="py-1">{r.metric}</td>
              <td>{r.variant}</td>
              <td>{r.n}</td>
              <td>{r.median}</td>
              <td>{r.meanSd}</td>
              <td>{r.range}</td>
              <td>{r.ratio}</td>
              <td>{r.ci}</td>
              <td>{r.p}</td>
              <td>{r.delta}</td>
              <td>{r.outliers}</td>
            </tr>
          ))}
        </DataTable>
      </div>
    </section>
  );
}

export function ExperimentGuideClaims({ model }: Props) {
  if (model.guideClaims.length === 0) return null;
  return (
    <section className="space-y-2">
      <h2 className="text-lg font-semibold">The guide&apos;s startup claims</h2>
      <DataTable
        testId="guide-claims"
        columns={["Variant", "Guide claims (optimized ÷ original)", "Measured time to ready", "Verdict"]}
      >
        {model.guideClaims.map((c) => (
          <tr key={c.key} className={rowClass}>
            <td className="py-1">{c.variant}</td>
            <td>{c.claim}</td>
            <td>{c.measured}</td>
            <td>{c.agrees}</td>
          </tr>
        ))}
      </DataTable>
      <p className="text-xs text-zinc-500">
        The guide times the whole cluster up (its own script); the panel&apos;s time to ready is from the
        request until every service passed its health check, on this host, under the conditions above.
      </p>
    </section>
  );
}

export function ExperimentConditions({ model }: Props) {
  const { report } = model;
  return (
    <section className="space-y-1 text-sm">
      <h2 className="text-lg font-semibold">Conditions</h2>
      <p>
        Variants:{" "}
        {report.variants.map((v, i) => `${i}. ${v.label}${v.baseline ? " (baseline)" : ""}`).join(" · ")}
      </p>
      <p>
        {report.definition.repetitions} repetitions each, {report.definition.warmup} warm-up,{" "}
        {report.definition.data} data, {report.definition.order} order, seed {report.seed};{" "}
        {report.conditions}.
      </p>
      <p data-testid="calibration">Host calibration: {model.calibration}</p>
    </section>
  );
}

export function ExperimentSamples({ model }: Props) {
  return (
    <section className="space-y-2">
      <h2 className="text-lg font-semibold">Repetitions and raw samples</h2>
      <DataTable
        testId="experiment-samples"
        columns={[
          "#",
          "Variant",
          "Repetition",
          "Status",
          "Run",
          "Ready",
          "Docker-healthy",
          {
            label: "Latency p50 / p95",
            title: "through the load balancer, measured by the deploy after ready",
          },
        ]}
      >
        {model.repetitions.map((r) => (
          <tr key={r.key} className={rowClass}>
            <td className="py-1">{r.slot}</td>
            <td>{r.variant}</td>
            <td>{r.repetition}</td>
            <td>{r.status}</td>
            <td>
              {r.runId ? (
                <Link className="underline" href={`/runs/${r.runId}`}>
                  {r.runId}
                </Link>
              ) : (
                "—"
              )}
            </td>
            <td>{r.ready}</td>
            <td>{r.dockerHealthy}</td>
            <td>{r.latency}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

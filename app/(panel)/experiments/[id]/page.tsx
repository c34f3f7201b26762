import Link from "next/link";
import { notFound } from "next/navigation";
import { ExperimentLive } from "@/components/experiments/experiment-live";
import { StripPlot } from "@/components/experiments/strip-plot";
import { DataTable, rowClass } from "@/components/ui/data-table";
import { requirePageRole } from "@/lib/auth/page";
import { hasRole } from "@/lib/auth/roles";
import { experimentPageModel, formatMetric } from "@/lib/operations/experiment-view";

export const dynamic = "force-dynamic";

const ExperimentPage = async ({ params }: { params: Promise<{ id: string }> }) => {
  const principal = await requirePageRole("viewer");
  const model = await experimentPageModel({ id: (await params).id });
  if (!model) notFound();
  const { report, rows, plots } = model;
  const unitOf = new Map(report.metrics.map((m) => [m.key, m.unit]));
  return (
    <div className="space-y-6" data-testid="experiment-detail">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{report.name}</h1>
        <span className="rounded bg-zinc-100 px-2 text-sm dark:bg-zinc-800" data-testid="experiment-status">
          {model.status}
        </span>
        {(["json", "csv", "md"] as const).map((format) => (
          <a
            key={format}
            className="text-sm underline"
            href={`/api/v1/experiments/${report.id}/export?format=${format}`}
          >
            Export {format === "md" ? "Markdown" : format.toUpperCase()}
          </a>
        ))}
      </div>
      <ExperimentLive
        id={report.id}
        live={model.live}
        percent={report.progress.percent}
        progressText={`${report.progress.completed} of ${report.progress.total} repetitions${report.reason ? ` · ${report.reason}` : ""}`}
        eta={model.eta}
        canCancel={hasRole({ actual: principal.role, needed: "operator" })}
      />
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
      {model.guideClaims.length > 0 && (
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
      )}
      <section className="grid gap-4 md:grid-cols-2">
        {plots.map((plot) => (
          <StripPlot key={plot.metric} plot={plot} />
        ))}
      </section>
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
          {report.repetitions.map((r) => {
            const value = (metric: string) =>
              report.samples[metric]?.find((s) => s.runId === r.runId && s.variant === r.variant)?.value ??
              null;
            return (
              <tr key={r.slot} className={rowClass}>
                <td className="py-1">{r.slot + 1}</td>
                <td>{report.variants[r.variant]?.label}</td>
                <td>{r.warmup ? `warm-up ${r.repetition}` : r.repetition}</td>
                <td>
                  {r.status}
                  {r.reason ? ` (${r.reason})` : ""}
                </td>
                <td>
                  {r.runId ? (
                    <Link className="underline" href={`/runs/${r.runId}`}>
                      {r.runId}
                    </Link>
                  ) : (
                    "—"
                  )}
                </td>
                <td>{formatMetric(unitOf.get("readyMs") ?? "ms", value("readyMs"))}</td>
                <td>{formatMetric(unitOf.get("dockerHealthyMs") ?? "ms", value("dockerHealthyMs"))}</td>
                <td>
                  {r.latency
                    ? `${formatMetric("ms", r.latency.p50Ms)} / ${formatMetric("ms", r.latency.p95Ms)}`
                    : "—"}
                </td>
              </tr>
            );
          })}
        </DataTable>
      </section>
    </div>
  );
};

export default ExperimentPage;

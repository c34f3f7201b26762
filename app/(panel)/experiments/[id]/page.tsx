import { notFound } from "next/navigation";
import { ExperimentLive } from "@/components/experiments/experiment-live";
import { StripPlot } from "@/components/experiments/strip-plot";
import {
  ExperimentConditions,
  ExperimentGuideClaims,
  ExperimentSamples,
  ExperimentVerdicts,
} from "@/components/experiments/experiment-sections";
import { requirePageRole } from "@/lib/auth/page";
import { hasRole } from "@/lib/auth/roles";
import { EXPORT_FORMATS } from "@/lib/operations/experiment-export";
import { experimentPageModel } from "@/lib/operations/experiment-view";

export const dynamic = "force-dynamic";

const ExperimentPage = async ({ params }: { params: Promise<{ id: string }> }) => {
  const principal = await requirePageRole("viewer");
  const model = await experimentPageModel({ id: (await params).id });
  if (!model) notFound();
  const { report, plots } = model;
  return (
    <div className="space-y-6" data-testid="experiment-detail">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{report.name}</h1>
        <span className="rounded bg-zinc-100 px-2 text-sm dark:bg-zinc-800" data-testid="experiment-status">
          {model.status}
        </span>
        {EXPORT_FORMATS.map((format) => (
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
      <ExperimentVerdicts model={model} />
      <ExperimentGuideClaims model={model} />
      <section className="grid gap-4 md:grid-cols-2">
        {plots.map((plot) => (
          <StripPlot key={plot.metric} plot={plot} />
        ))}
      </section>
      <ExperimentConditions model={model} />
      <ExperimentSamples model={model} />
    </div>
  );
};

export default ExperimentPage;

import Link from "next/link";
import { RunPrediction } from "@/components/runs/run-prediction";
import { LiveMigrationSteps } from "@/components/runs/live-migration-steps";
import { notFound } from "next/navigation";
import { LatencyTestResults } from "@/components/deploy/latency-test-panel";
import { RunTimeline } from "@/components/deploy/run-timeline";
import { RunReferee } from "@/components/runs/run-referee";
import { RunConditions } from "@/components/runs/run-conditions";
import { RunPlacement } from "@/components/runs/run-placement";
import { RunStatsChart } from "@/components/runs/run-stats-chart";
import { RunErrorBox } from "@/components/ui/alert";
import { RunFacts } from "@/components/runs/run-facts";
import { RunHeader } from "@/components/runs/run-header";
import { RunPhaseAndServiceTables } from "@/components/runs/run-phase-service-tables";
import { requirePageRole } from "@/lib/auth/page";
import { hasRole } from "@/lib/auth/roles";
import { loadRunPage } from "@/lib/runs/run-page-model";
import { largestClockDifferences } from "@/lib/runs/clock-agreement";

export const dynamic = "force-dynamic";

const RunPage = async ({ params }: { params: Promise<{ id: string }> }) => {
  const principal = await requirePageRole("viewer");
  const model = await loadRunPage((await params).id);
  if (!model) notFound();
  const {
    run,
    batch,
    staticPath,
    measuredPath,
    snapshot,
    points,
    cpuEfficiency: cpuEff,
    latencyTest,
    migration,
    swarmFit,
    swarmPorts,
    prediction,
  } = model;
  return (
    <div className="space-y-6" data-testid="run-detail">
      <RunHeader model={model} canOperate={hasRole({ actual: principal.role, needed: "operator" })} />
      <RunFacts run={run} batch={batch} cpuEff={cpuEff} />
      <RunConditions run={run} swarmFit={swarmFit} swarmPorts={swarmPorts} />
      <RunPrediction prediction={prediction} />
      <RunPlacement settings={run.settings} />
      {run.error && <RunErrorBox error={run.error} />}
      {migration && <LiveMigrationSteps id={run.id} migration={migration} />}
      {latencyTest && (
        <section className="space-y-2">
          <h2 className="text-lg font-semibold">Latency test</h2>
          <LatencyTestResults report={latencyTest} />
        </section>
      )}
      {run.services.length > 0 && (
        <RunTimeline run={snapshot} criticalPath={staticPath?.services ?? []} nowT={run.totalMs ?? 0} />
      )}
      {run.kind === "deploy" && (
        <RunReferee
          clocks={largestClockDifferences(run.services)}
          path={measuredPath}
          staticPath={staticPath}
          totalMs={run.totalMs}
        />
      )}
      <RunPhaseAndServiceTables run={run} />
      {run.detailPrunedAt && (
        <p className="text-sm text-zinc-500" data-testid="detail-pruned">
          This run&apos;s events and resource samples were deleted on{" "}
          {run.detailPrunedAt.toISOString().slice(0, 10)} by the run detail retention (Admin → Data); its
          measured summary and timings above remain.
        </p>
      )}
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Resources during the run</h2>
        <RunStatsChart points={points} />
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Event log</h2>
        <pre
          className="max-h-96 overflow-auto rounded bg-zinc-950 p-2 text-xs text-zinc-100"
          data-testid="event-log"
        >
          {model.eventLog}
        </pre>
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">As deployed</h2>
        <pre className="overflow-auto rounded bg-zinc-100 p-2 text-xs dark:bg-zinc-900">
          {model.settingsText}
        </pre>
        <Link href={`/topology?name=${run.topology}`} className="text-sm underline">
          The topology as it is now
        </Link>
      </section>
    </div>
  );
};

export default RunPage;

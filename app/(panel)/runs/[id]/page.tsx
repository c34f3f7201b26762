import Link from "next/link";
import { RunPrediction } from "@/components/runs/run-prediction";
import { LiveMigrationSteps } from "@/components/runs/live-migration-steps";
import { notFound } from "next/navigation";
import { LatencyTestResults } from "@/components/deploy/latency-test-panel";
import { RunTimeline } from "@/components/deploy/run-timeline";
import { DeleteRunButton } from "@/components/runs/delete-run-button";
import { RedeployButton } from "@/components/runs/redeploy-button";
import { RunReferee } from "@/components/runs/run-referee";
import { RunConditions } from "@/components/runs/run-conditions";
import { RunPlacement } from "@/components/runs/run-placement";
import { RunStatsChart } from "@/components/runs/run-stats-chart";
import { RunErrorBox } from "@/components/ui/alert";
import { DataTable, rowClass } from "@/components/ui/data-table";
import { requirePageRole } from "@/lib/auth/page";
import { hasRole } from "@/lib/auth/roles";
import { formatBytes, formatMs } from "@/lib/format";
import { REGRESSION_MARGIN } from "@/lib/runs/aggregate";
import { loadRunPage } from "@/lib/runs/run-page-model";
import { cleanupText } from "@/lib/runs/cleanup-view";
import { largestClockDifferences } from "@/lib/runs/clock-agreement";

export const dynamic = "force-dynamic";

const Fact = ({ label, value }: { label: string; value: string }) => (
  <div>
    <dt className="text-xs text-zinc-500">{label}</dt>
    <dd className="text-sm font-medium">{value}</dd>
  </div>
);

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
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">
          Run {run.topology} · {run.strategy}
        </h1>
        <span className="rounded bg-zinc-100 px-2 text-sm dark:bg-zinc-800">
          {run.kind} · {run.status.replace("_", " ")}
        </span>
        {run.regression && (
          <span className="rounded bg-amber-100 px-2 text-sm text-amber-800">
            regression: slower than the median {formatMs(run.baselineMedianMs)} of earlier runs by &gt;{" "}
            {REGRESSION_MARGIN * 100} %
          </span>
        )}
        <a href={`/api/runs/${run.id}/export?format=json`} className="text-sm underline">
          Export JSON
        </a>
        <a href={`/api/runs/${run.id}/export?format=csv`} className="text-sm underline">
          Export CSV
        </a>
        {model.hasEffectiveFile && (
          <a
            href={`/api/runs/${run.id}/effective`}
            className="text-sm underline"
            data-testid="effective-file"
          >
            Effective compose file
          </a>
        )}
        {hasRole({ actual: principal.role, needed: "operator" }) && (
          <DeleteRunButton id={run.id} after="/runs" />
        )}
      </div>
      {(model.hasEffectiveFile || model.redeployOf || model.redeployedAs.length > 0) && (
        <div className="flex flex-wrap items-center gap-3 text-sm" data-testid="redeploy-links">
          {model.hasEffectiveFile &&
            run.kind === "deploy" &&
            hasRole({ actual: principal.role, needed: "operator" }) && <RedeployButton id={run.id} />}
          {model.redeployOf && (
            <span data-testid="redeploy-of">
              Deployed again from run{" "}
              <Link className="underline" href={`/runs/${model.redeployOf}`}>
                {model.redeployOf}
              </Link>{" "}
              ·{" "}
              <Link className="underline" href={`/compare?ids=${model.redeployOf},${run.id}`}>
                Compare side by side
              </Link>
            </span>
          )}
          {model.redeployedAs.map((again) => (
            <span key={again} data-testid="redeployed-as">
              Deployed again as run{" "}
              <Link className="underline" href={`/runs/${again}`}>
                {again}
              </Link>{" "}
              ·{" "}
              <Link className="underline" href={`/compare?ids=${run.id},${again}`}>
                Compare side by side
              </Link>
            </span>
          ))}
        </div>
      )}
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-6">
        <Fact label="Started (UTC)" value={run.startedAt.toISOString().slice(0, 19).replace("T", " ")} />
        <Fact label="Total (request → verdict)" value={formatMs(run.totalMs)} />
        <Fact label="First node ready" value={formatMs(run.firstNodeReadyMs)} />
        <Fact
          label="CPU avg / allocated"
          value={`${run.cpuAvgCores?.toFixed(2) ?? "—"} / ${run.cpuAllocated?.toFixed(2) ?? "—"} cores${cpuEff === null ? "" : ` (${(cpuEff * 100).toFixed(1)} %)`}`}
        />
        <Fact
          label="Memory avg / allocated"
          value={`${formatBytes(run.memAvgBytes)} / ${formatBytes(run.memAllocatedBytes)}`}
        />
        <Fact
          label="Latency p50 / p95"
          value={
            run.latencyP50Ms === null
              ? "—"
              : `${run.latencyP50Ms.toFixed(1)} / ${run.latencyP95Ms?.toFixed(1)} ms`
          }
        />
        <Fact label="Docker engine" value={run.engineVersion ?? "—"} />
        <Fact label="Host" value={`${run.hostCpus ?? "?"} CPUs · ${formatBytes(run.hostMemoryBytes)}`} />
        <Fact
          label="Fit scale"
          value={
            run.fitCpuScale === null
              ? "none (not scaled)"
              : `CPU ×${run.fitCpuScale.toFixed(3)}, memory ×${run.fitMemoryScale?.toFixed(3)}`
          }
        />
        <Fact label="Topology hash" value={run.topologyHash?.slice(0, 12) ?? "—"} />
        <Fact label="Cleanup" value={formatMs(run.cleanupMs)} />
        <Fact label="Cleanup state" value={cleanupText(run)} />
        <Fact label="Reached" value={run.reachedState ?? "—"} />
        <Fact
          label="Batch"
          value={
            batch
              ? `${batch.id} · ${batch.status} (${batch.completed}/${batch.times} deploys)${batch.reason ? `: ${batch.reason}` : ""}`
              : (run.batchId ?? "—")
          }
        />
      </dl>
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
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Phases</h2>
        <DataTable testId="phase-table" columns={["Phase", "Services", "Started", "Ready", "Duration"]}>
          {run.phases.map((p) => (
            <tr key={p.id} className={rowClass}>
              <td className="py-1">
                {p.index + 1}. {p.name}
              </td>
              <td>{p.services.join(", ")}</td>
              <td>{formatMs(p.startedAtMs)}</td>
              <td>{formatMs(p.readyAtMs)}</td>
              <td>
                {p.startedAtMs !== null && p.readyAtMs !== null ? formatMs(p.readyAtMs - p.startedAtMs) : "—"}
              </td>
            </tr>
          ))}
        </DataTable>
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">
          Services <span className="text-sm font-normal text-zinc-500">(seconds since the request)</span>
        </h2>
        <DataTable
          testId="service-table"
          columns={[
            "Service",
            "Phase",
            "State",
            "Created",
            "Started",
            "Running",
            "Ready (probe)",
            "Docker healthy",
            "Removed",
            "Probe",
            { label: "Docker: created · started · healthy", title: "Docker's own event timestamps" },
          ]}
        >
          {run.services.map((s) => (
            <tr key={s.id} className={rowClass}>
              <td className="py-1">{s.service}</td>
              <td>{s.phase}</td>
              <td>{s.state}</td>
              {[
                s.createdAtMs,
                s.startedAtMs,
                s.runningAtMs,
                s.readyAtMs,
                s.dockerHealthyAtMs,
                s.removedAtMs,
              ].map((v, i) => (
                <td key={i}>{formatMs(v)}</td>
              ))}
              <td>{s.probeKind ?? "—"}</td>
              <td>
                {[s.engineCreatedAtMs, s.engineStartedAtMs, s.engineHealthyAtMs]
                  .map((v) => formatMs(v))
                  .join(" · ")}
              </td>
            </tr>
          ))}
        </DataTable>
      </section>
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

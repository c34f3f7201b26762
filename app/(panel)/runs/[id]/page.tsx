import Link from "next/link";
import { notFound } from "next/navigation";
import { LatencyTestResults } from "@/components/deploy/latency-test-panel";
import { RunTimeline } from "@/components/deploy/run-timeline";
import { DeleteRunButton } from "@/components/runs/delete-run-button";
import { RunReferee } from "@/components/runs/run-referee";
import { RunConditions } from "@/components/runs/run-conditions";
import { RunPlacement } from "@/components/runs/run-placement";
import { RunStatsChart } from "@/components/runs/run-stats-chart";
import { requirePageRole } from "@/lib/auth/page";
import { hasRole } from "@/lib/auth/roles";
import { getBatch } from "@/lib/db/batches";
import { getEffectiveTopologies } from "@/lib/db/effective-files";
import { getRunDetail } from "@/lib/db/runs";
import type { LatencyTestReport, RunError } from "@/lib/deploy/events-public";
import { formatBytes, formatMs } from "@/lib/format";
import { efficiency, REGRESSION_MARGIN } from "@/lib/runs/aggregate";
import { cleanupText } from "@/lib/runs/cleanup-view";
import { analyzedTopology } from "@/lib/runs/analyzed-topology";
import { largestClockDifferences } from "@/lib/runs/clock-agreement";
import { runCriticalPath } from "@/lib/runs/run-critical-path";
import { storedSnapshot } from "@/lib/runs/stored-snapshot";

export const dynamic = "force-dynamic";

const Fact = ({ label, value }: { label: string; value: string }) => (
  <div>
    <dt className="text-xs text-zinc-500">{label}</dt>
    <dd className="text-sm font-medium">{value}</dd>
  </div>
);

const RunPage = async ({ params }: { params: Promise<{ id: string }> }) => {
  const principal = await requirePageRole("viewer");
  const run = await getRunDetail((await params).id);
  if (!run) notFound();
  const batch = run.batchId ? await getBatch({ id: run.batchId }) : null;
  const staticPath = analyzedTopology(run.topology)?.analysis.criticalPath ?? null;
  const critical = staticPath?.services ?? [];
  const deployed = (await getEffectiveTopologies([run.id])).get(run.id) ?? null;
  const measuredPath = runCriticalPath({ run, services: run.services, deployed: deployed?.topology ?? null });
  // Parsed once: the timeline and the phase table both use its phases.
  const snapshot = storedSnapshot(run);
  const byT = new Map<number, { cpu: number; mem: number }>();
  for (const b of run.statBuckets) {
    const at = byT.get(b.t) ?? { cpu: 0, mem: 0 };
    byT.set(b.t, { cpu: at.cpu + b.cpuPercentAvg / 100, mem: at.mem + b.memoryUsedBytesAvg });
  }
  const began = run.startedAt.getTime();
  const points = [...byT]
    .sort(([a], [b]) => a - b)
    .map(([t, v]) => ({
      t: t - began,
      cpuCores: Number(v.cpu.toFixed(3)),
      memoryGiB: Number((v.mem / 2 ** 30).toFixed(3)),
    }));
  const error = run.error ? (JSON.parse(run.error) as RunError) : null;
  const cpuEff = efficiency({ used: run.cpuAvgCores, allocated: run.cpuAllocated });
  // Written by the panel itself (lib/deploy/latency-test.ts) with the run.
  const latencyTest =
    run.kind === "latency" && run.settings
      ? ((JSON.parse(run.settings) as { latencyTest?: LatencyTestReport }).latencyTest ?? null)
      : null;
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
        {deployed && (
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
      <RunConditions run={run} />
      <RunPlacement settings={run.settings} />
      {error && (
        <section role="alert" className="rounded border border-red-300 p-3 text-sm dark:border-red-800">
          <p className="font-medium">{error.message}</p>
          {error.healthOutput && (
            <p className="font-mono text-xs">last health output: {error.healthOutput}</p>
          )}
          {error.logTail.length > 0 && (
            <pre className="mt-2 max-h-64 overflow-auto text-xs">{error.logTail.join("\n")}</pre>
          )}
        </section>
      )}
      {latencyTest && (
        <section className="space-y-2">
          <h2 className="text-lg font-semibold">Latency test</h2>
          <LatencyTestResults report={latencyTest} />
        </section>
      )}
      {run.services.length > 0 && (
        <RunTimeline run={snapshot} criticalPath={critical} nowT={run.totalMs ?? 0} />
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
        <table className="w-full text-left text-sm" data-testid="phase-table">
          <thead className="text-zinc-500">
            <tr>
              <th className="py-1">Phase</th>
              <th>Services</th>
              <th>Started</th>
              <th>Ready</th>
              <th>Duration</th>
            </tr>
          </thead>
          <tbody>
            {run.phases.map((p, i) => (
              <tr key={p.id} className="border-t border-zinc-200 dark:border-zinc-800">
                <td className="py-1">
                  {p.index + 1}. {p.name}
                </td>
                <td>{(snapshot.phases[i]?.services ?? []).join(", ")}</td>
                <td>{formatMs(p.startedAtMs)}</td>
                <td>{formatMs(p.readyAtMs)}</td>
                <td>
                  {p.startedAtMs !== null && p.readyAtMs !== null
                    ? formatMs(p.readyAtMs - p.startedAtMs)
                    : "—"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">
          Services <span className="text-sm font-normal text-zinc-500">(seconds since the request)</span>
        </h2>
        <table className="w-full text-left text-sm" data-testid="service-table">
          <thead className="text-zinc-500">
            <tr>
              <th className="py-1">Service</th>
              <th>Phase</th>
              <th>State</th>
              <th>Created</th>
              <th>Started</th>
              <th>Running</th>
              <th>Ready (probe)</th>
              <th>Docker healthy</th>
              <th>Removed</th>
              <th>Probe</th>
              <th title="Docker's own event timestamps">Docker: created · started · healthy</th>
            </tr>
          </thead>
          <tbody>
            {run.services.map((s) => (
              <tr key={s.id} className="border-t border-zinc-200 dark:border-zinc-800">
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
          </tbody>
        </table>
      </section>
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
          {run.events.map((e) => {
            const payload = JSON.parse(e.payload) as {
              line?: string;
              service?: string | null;
              state?: unknown;
              run?: { state?: string };
            };
            const text =
              e.type === "log"
                ? `${payload.service ?? "panel"}: ${payload.line}`
                : e.type === "service_state"
                  ? `${payload.service} → ${String(payload.state)}`
                  : e.type === "run_state"
                    ? `run → ${payload.run?.state}`
                    : e.type;
            return `${(e.t / 1000).toFixed(2).padStart(8)} s  ${text}\n`;
          })}
        </pre>
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">As deployed</h2>
        <pre className="overflow-auto rounded bg-zinc-100 p-2 text-xs dark:bg-zinc-900">
          {JSON.stringify(run.settings ? JSON.parse(run.settings) : {}, null, 2)}
        </pre>
        <Link href={`/topology?name=${run.topology}`} className="text-sm underline">
          The topology as it is now
        </Link>
      </section>
    </div>
  );
};

export default RunPage;

// A run page's facts: its times, resource use against what was allocated, latency, the engine and
// host, the fit, the cleanup and the batch it belonged to.
import { formatBytes, formatMs } from "@/lib/format";
import { cleanupText } from "@/lib/runs/cleanup-view";
import type { RunPageModel } from "@/lib/runs/run-page-model";

const Fact = ({ label, value }: { label: string; value: string }) => (
  <div>
    <dt className="text-xs text-zinc-500">{label}</dt>
    <dd className="text-sm font-medium">{value}</dd>
  </div>
);

export function RunFacts({
  run,
  batch,
  cpuEff,
}: {
  run: RunPageModel["run"];
  batch: RunPageModel["batch"];
  cpuEff: RunPageModel["cpuEfficiency"];
}) {
  return (
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
  );
}

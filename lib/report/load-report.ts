// The analysis report's loader (server only: the database, the topology folders, the load balancer's
// generated files): shapes the newest healthy deploy, the topology model, the load balancer's
// targets and the newest finished experiment judging the topology into the rules' input.
import os from "node:os";
import { loadPanelTopology } from "@/lib/catalog/topologies";
import { analyzeTopology } from "@/lib/compose";
import type { Topology } from "@/lib/compose/types";
import { getEffectiveTopologies } from "@/lib/db/effective-files";
import { listExperiments } from "@/lib/db/experiments";
import { getRunDetail, latestHealthyDeployId, type RunDetail } from "@/lib/db/runs";
import { findLoadBalancer, readBinding, readUpstream } from "@/lib/deploy/load-balancer/binding";
import { parseUpstream } from "@/lib/deploy/load-balancer/upstream-config";
import { AppError } from "@/lib/errors";
import { formatBytes } from "@/lib/format";
import { experimentReport } from "@/lib/operations/experiment-report";
import { environmentText } from "@/lib/runs/conditions";
import { runCriticalPath } from "@/lib/runs/run-critical-path";
import { withShares } from "./architecture";
import { buildReport } from "./build-report";
import type {
  AnalysisReport,
  ExperimentEvidence,
  LoadBalancerTargets,
  MeasuredRun,
  ServiceMeasurement,
} from "./types";

const runHref = (id: string) => `/runs/${id}`;

// Stat buckets are 5 s long: a bucket that began up to 5 s before the create overlaps the start.
const BUCKET_MS = 5_000;

const measurementsOf = (run: RunDetail, deployed: Topology | null): ServiceMeasurement[] => {
  const began = run.startedAt.getTime();
  return run.services.map((s) => {
    const buckets = run.statBuckets.filter(
      (b) =>
        b.service === s.service &&
        s.createdAtMs !== null &&
        b.t >= began + s.createdAtMs - BUCKET_MS &&
        b.t <= began + (s.readyAtMs ?? s.createdAtMs),
    );
    const cpus = buckets.map((b) => b.cpuPercentAvg);
    const limitBytes = buckets.at(-1)?.memoryLimitBytes ?? null;
    const fitted = run.fitChanges?.find((c) => c.service === s.service && c.field === "cpusLimit");
    const written = deployed?.services.find((d) => d.name === s.service)?.resources.cpusLimit ?? null;
    return {
      service: s.service,
      createdAtMs: s.createdAtMs,
      runningAtMs: s.runningAtMs,
      readyAtMs: s.readyAtMs,
      cpuLimitCores: fitted ? fitted.applied : written,
      // Docker shows the host's memory as the limit of a container without one.
      memoryLimitBytes:
        limitBytes !== null && (run.hostMemoryBytes === null || limitBytes < run.hostMemoryBytes)
          ? limitBytes
          : null,
      cpuAvgCores: cpus.length ? cpus.reduce((a, b) => a + b, 0) / cpus.length / 100 : null,
      cpuPeakCores: buckets.length ? Math.max(...buckets.map((b) => b.cpuPercentMax)) / 100 : null,
      memoryPeakBytes: buckets.length ? Math.max(...buckets.map((b) => b.memoryUsedBytesMax)) : null,
      throttling:
        s.cpuPeriods !== null && s.cpuThrottledPeriods !== null && s.cpuThrottledMs !== null
          ? { periods: s.cpuPeriods, throttledPeriods: s.cpuThrottledPeriods, throttledMs: s.cpuThrottledMs }
          : null,
    };
  });
};

/** The newest healthy deploy of `name`, shaped for the rules, or null when none is stored. */
export const loadMeasuredRun = async (name: string): Promise<MeasuredRun | null> => {
  const id = await latestHealthyDeployId({ topology: name });
  const run = id ? await getRunDetail(id) : null;
  if (!run) return null;
  const deployed = (await getEffectiveTopologies([run.id])).get(run.id)?.topology ?? null;
  const path = await runCriticalPath({ run, services: run.services, deployed });
  const host =
    run.hostCpus === null
      ? "not recorded"
      : `${run.hostCpus} CPUs, ${formatBytes(run.hostMemoryBytes)} (${environmentText(run)})`;
  return {
    id: run.id,
    strategy: run.strategy,
    totalMs: run.totalMs,
    hostCpus: run.hostCpus,
    hostMemoryBytes: run.hostMemoryBytes,
    conditions: {
      host,
      engine: run.engineVersion ?? "not recorded",
      fitMode: run.fitMode ?? "not recorded",
      dataState: run.dataState ?? "not recorded",
      strategy: run.strategy,
      n: 1,
      runs: [{ id: run.id, href: runHref(run.id) }],
    },
    path,
    services: measurementsOf(run, deployed),
  };
};

const loadBalancerOf = async (topology: Topology): Promise<LoadBalancerTargets | null> => {
  const binding = readBinding({ project: topology.project });
  const generatedText = binding ? readUpstream(binding) : null;
  const generated = generatedText ? parseUpstream(generatedText) : null;
  if (binding && generated)
    return {
      service: binding.service,
      upstream: generated.name,
      source: "generated",
      targets: withShares(
        generated.servers.map((s) => ({ service: s.host, port: s.port, weight: s.weight })),
      ),
    };
  const shipped = await findLoadBalancer(topology).catch(() => null);
  return shipped
    ? {
        service: shipped.service.name,
        upstream: shipped.upstream.name,
        source: "shipped",
        targets: withShares(
          shipped.upstream.servers.map((s) => ({ service: s.host, port: s.port, weight: s.weight })),
        ),
      }
    : null;
};

/** The newest finished experiment with a time-to-ready verdict on `name` (against `vs` when given). */
const experimentOf = async (name: string, vs: string | null): Promise<ExperimentEvidence | null> => {
  for (const row of await listExperiments({ take: 50 })) {
    if (row.status !== "done") continue;
    const report = await experimentReport({ id: row.id });
    if (!report) continue;
    const baseline = report.variants.find((v) => v.baseline);
    if (vs !== null && baseline?.topology !== vs) continue;
    const verdict = report.verdicts.find(
      (v) => v.metric === "readyMs" && report.variants[v.variant]?.topology === name && v.ratio !== null,
    );
    if (!verdict || verdict.ratio === null) continue;
    const runIds = (report.samples.readyMs ?? [])
      .filter((s) => s.variant === verdict.variant || s.variant === report.definition.baseline)
      .map((s) => s.runId);
    return {
      experimentId: report.id,
      name: report.name,
      href: `/experiments/${report.id}`,
      baselineLabel: verdict.baselineLabel,
      variantLabel: verdict.variantLabel,
      ratio: verdict.ratio,
      ci: verdict.ci,
      n: verdict.n,
      baselineN: verdict.baselineN,
      sentence: verdict.sentence,
      conditions: report.conditions,
      runs: runIds.map((id) => ({ id, href: runHref(id) })),
    };
  }
  return null;
};

/** The report of a loaded topology stored runs name `name` (the catalog's, or a test's own). */
export const reportOf = async ({
  name,
  topology,
  vs = null,
}: {
  name: string;
  topology: Topology;
  vs?: string | null;
}): Promise<AnalysisReport> => {
  const [run, vsRun, loadBalancer, experiment] = await Promise.all([
    loadMeasuredRun(name),
    vs === null ? null : loadMeasuredRun(vs),
    loadBalancerOf(topology),
    experimentOf(name, vs),
  ]);
  return buildReport({
    input: {
      name,
      topology,
      staticPath: analyzeTopology({ topology }).criticalPath.services,
      loadBalancer,
      run,
      vsRun,
      experiment,
      vs,
      host: { cpus: os.cpus().length, memoryBytes: os.totalmem() },
    },
    now: new Date().toISOString(),
  });
};

/** The analysis report of topology `name` (vs `vs`): not_found for an unknown name, 400 for `vs`. */
export const loadReport = async ({
  name,
  vs = null,
}: {
  name: string;
  vs?: string | null;
}): Promise<AnalysisReport> => {
  const loaded = await loadPanelTopology({ name, forDisplay: true });
  if (!loaded) throw new AppError("not_found", `No topology "${name}": GET /api/v1/topologies lists them.`);
  if (!loaded.result.ok)
    throw new AppError(
      "bad_request",
      `The topology "${name}" does not load: ${loaded.result.errors[0]?.message ?? "see its page"}`,
      { field: "name" },
    );
  if (vs !== null && !(await loadPanelTopology({ name: vs, forDisplay: true }))) {
    const message = `no topology "${vs}" to compare with (GET /api/v1/topologies lists them)`;
    throw new AppError("bad_request", `Fix these query parameters: vs: ${message}`, [
      { path: "vs", message },
    ]);
  }
  return reportOf({ name, topology: loaded.result.topology, vs });
};

"use client";
import { useEffect, useState } from "react";
import { useHydrated } from "@/components/shell/use-hydrated";
import { EnvironmentPicker } from "@/components/environments/environment-picker";
import { LiveStatsPanel } from "@/components/stats/live-stats-panel";
import { SwarmNodesPanel } from "@/components/swarm/swarm-nodes-panel";
import { ClusterStatusView } from "./cluster-status";
import { DeployForm } from "./deploy-form";
import { FirstVisitTour } from "./first-visit-tour";
import { ImageKitBanner } from "./image-kit-banner";
import { LatencyTestPanel } from "./latency-test-panel";
import { LoadBalancerPanel } from "./load-balancer-panel";
import { LogsPanel } from "./logs-panel";
import { MigrationPanel } from "./migration-panel";
import { RunControls } from "./run-controls";
import { RunProgress } from "./run-progress";
import { RunTimeline } from "./run-timeline";
import type { DashboardTopology } from "@/lib/operations/dashboard-page-model";
import { useClusterView } from "./use-cluster-view";
import { latestRunOf } from "./latest-run";
import { finishingReason, useRuns } from "./use-runs";
import type { LatencyTestReport } from "@/lib/deploy/browser-types";

// While a deploy runs, containers start and stop within a second: ask for 4 readings a second.
const DEPLOY_STATS_INTERVAL_MS = 250;

type Props = {
  topologies: DashboardTopology[];
  canOperate: boolean;
  isAdmin: boolean;
  engineReachable: boolean;
  /** The environment this dashboard shows and deploys to (undefined: the panel's own engine). */
  environment?: string;
  /** That environment's id as runs store it (null: the panel's own engine): picks its live run. */
  environmentId: string | null;
  /** Whether that environment's last connection test found a Swarm manager (offers Swarm as a target). */
  swarmManager?: boolean;
  /** Every environment's name, for the picker. */
  environments: string[];
  /** Whether this user gets the first-visit tour (not dismissed, and no run stored yet). */
  tour?: boolean;
};

/** Why Deploy cannot start while images are missing (nothing can be pulled in local mode). */
const missingImagesReason = (images: string[], environment: string | undefined): string | null =>
  images.length === 0
    ? null
    : `${images.length} image(s) missing on this engine (${images.slice(0, 3).join(", ")}${images.length > 3 ? ", …" : ""}): ${
        environment
          ? `load them into ${environment} (docker save <image> | docker -H <its URL> load)`
          : "build the local images first"
      }`;

/** The live dashboard: deploy, watch phases, timeline, resources, status and logs of one topology. */
export const Dashboard = ({
  topologies,
  canOperate,
  isAdmin,
  engineReachable,
  environment,
  environmentId,
  swarmManager = false,
  tour = false,
  environments,
}: Props) => {
  const [selected, setSelected] = useState(
    topologies.find((t) => t.name === "optimized")?.name ?? topologies[0]?.name ?? "",
  );
  const [now, setNow] = useState(() => Date.now());
  const runs = useRuns();
  const hydrated = useHydrated();
  const topology = topologies.find((t) => t.name === selected);
  const run = topology ? latestRunOf({ runs, project: topology.project, environmentId }) : null;
  const inFlight = run !== null && run.result === null;
  // Reloaded when a run starts or ends: the nodes, the upstream and the latest results change then.
  const { view: cluster, error: clusterError } = useClusterView(
    selected,
    `${run?.runId ?? ""}:${run?.result ? "done" : "live"}`,
    environment,
  );
  const latencyReport =
    (run?.kind === "latency"
      ? (run.result?.settings.latencyTest as LatencyTestReport | undefined)
      : undefined) ??
    cluster?.latestLatencyTest ??
    null;

  useEffect(() => {
    if (!inFlight) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [inFlight]);
  if (!topology) return <p className="text-sm text-zinc-500">No topologies under topologies/.</p>;

  const nowT = run ? (inFlight ? now - Date.parse(run.startedAt) : (run.result?.totalMs ?? 0)) : 0;
  // Efficiency is measured against the limits the containers really got (the fit mode changes them),
  // which the deploy recorded in its settings.
  const recorded = run?.kind === "deploy" ? run.result?.settings.allocated : undefined;
  const allocated =
    recorded && typeof recorded === "object" && "cpus" in recorded && "memoryBytes" in recorded
      ? {
          cpus: typeof recorded.cpus === "number" ? recorded.cpus : null,
          memoryBytes: typeof recorded.memoryBytes === "number" ? recorded.memoryBytes : null,
        }
      : topology.allocated;
  const disabledReason = !engineReachable
    ? "Docker is not reachable"
    : (finishingReason(run) ??
      (inFlight
        ? `a ${run.kind} of ${run.project} is running`
        : topology.missingSecrets.length > 0
          ? `set ${topology.missingSecrets.join(", ")} first`
          : missingImagesReason(topology.missingImages, environment)));
  const services = topology.phases.flatMap((p) => p.services);
  return (
    <div className="space-y-6">
      <FirstVisitTour shown={tour} hidden={Object.keys(runs).length > 0} />
      <EnvironmentPicker current={environment ?? "local"} environments={environments} />
      {engineReachable && !environment && <ImageKitBanner isAdmin={isAdmin} />}
      {canOperate ? (
        <DeployForm
          topologies={topologies}
          selected={selected}
          onSelect={setSelected}
          disabledReason={disabledReason}
          onStarted={() => setNow(Date.now())}
          environment={environment}
          swarmManager={swarmManager}
        />
      ) : (
        <div className="flex items-center gap-3 text-sm">
          <label>
            Topology{" "}
            <select
              value={selected}
              disabled={!hydrated}
              onChange={(e) => setSelected(e.target.value)}
              className="rounded border border-zinc-300 bg-transparent px-2 dark:border-zinc-700"
            >
              {topologies.map((t) => (
                <option key={t.name}>{t.name}</option>
              ))}
            </select>
          </label>
          <span className="text-zinc-500">You can watch; deploying needs the operator role.</span>
        </div>
      )}
      {canOperate && (
        <RunControls
          topology={selected}
          run={run}
          cluster={cluster}
          deployedContainers={cluster?.status.services.length ?? null}
          environment={environment}
          swarmManager={swarmManager}
          onStarted={() => setNow(Date.now())}
        />
      )}
      {canOperate && (
        <MigrationPanel
          // A plan belongs to its A: another topology chosen above starts the panel afresh.
          key={selected}
          from={selected}
          topologies={topologies.map((t) => t.name)}
          environment={environment}
          disabledReason={
            !engineReachable
              ? "Docker is not reachable"
              : inFlight
                ? `a ${run.kind} of ${run.project} is running`
                : null
          }
        />
      )}
      {!run && cluster?.latestRun && (
        <p data-testid="latest-stored-run" className="text-sm">
          {cluster.runningServices.length > 0
            ? `${cluster.runningServices.length} containers of ${cluster.project} run. `
            : ""}
          Latest run:{" "}
          <a href={`/runs/${cluster.latestRun.id}`} className="underline">
            {cluster.latestRun.kind} · {cluster.latestRun.status.replace("_", " ")} ·{" "}
            {cluster.latestRun.startedAt.slice(0, 19).replace("T", " ")} UTC
          </a>
        </p>
      )}
      {run && (
        <div className="grid gap-6 lg:grid-cols-2">
          <RunProgress run={run} nowT={nowT} />
          <RunTimeline run={run} criticalPath={topology.criticalPath} nowT={nowT} />
        </div>
      )}
      <div className="grid gap-6 lg:grid-cols-2">
        <LoadBalancerPanel cluster={cluster} />
        <LatencyTestPanel
          topology={selected}
          canOperate={canOperate}
          report={latencyReport}
          disabledReason={
            !engineReachable
              ? "Docker is not reachable"
              : inFlight
                ? "wait for the current run to finish"
                : cluster && !cluster.loadBalancer.bound
                  ? cluster.loadBalancer.reason
                  : null
          }
          onStarted={() => setNow(Date.now())}
        />
      </div>
      <LiveStatsPanel
        project={topology.project}
        environment={environment}
        allocated={allocated}
        intervalMs={inFlight && run.kind !== "teardown" ? DEPLOY_STATS_INTERVAL_MS : undefined}
      />
      {swarmManager && environment && <SwarmNodesPanel topology={selected} environment={environment} />}
      <ClusterStatusView status={cluster?.status ?? null} error={clusterError} links={topology.links} />
      <LogsPanel project={topology.project} services={services} environment={environment} />
    </div>
  );
};

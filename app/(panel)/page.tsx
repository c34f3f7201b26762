import { OpenAlertsBadge } from "@/components/alerts/open-alerts-badge";
import { Dashboard } from "@/components/deploy/dashboard";
import { LeftoversPanel } from "@/components/deploy/leftovers-panel";
import type { DashboardTopology } from "@/components/deploy/types";
import { StatusCard } from "@/components/shell/status-card";
import { requirePageRole } from "@/lib/auth/page";
import { hasRole } from "@/lib/auth/roles";
import { listPanelTopologies, loadPanelTopology } from "@/lib/catalog/topologies";
import { analyzeTopology, type Topology } from "@/lib/compose";
import { composeFileOptions } from "@/lib/compose/project-files";
import { serviceRoleOf } from "@/lib/compose/service-roles";
import { databaseStatus } from "@/lib/db/client";
import { databaseWriteHealth } from "@/lib/db/write-health";
import { freshDataTargets } from "@/lib/deploy/data-state";
import { LOCAL_ENVIRONMENT_ID } from "@/lib/docker/client";
import { engineStatus } from "@/lib/docker/engine";
import { pageEngineStatus } from "@/lib/docker/page-engine";
import { environmentsForDisplay, localEnvironmentView, withEnvironment } from "@/lib/operations/environments";
import { listLeftovers, type LeftoverRun } from "@/lib/operations/leftovers";
import { missingImagesOfEach } from "@/lib/operations/missing-images";
import { isSwarmManager } from "@/lib/runs/environment-view";
import { showsFirstVisitTour } from "@/lib/runs/first-visit-tour";

export const dynamic = "force-dynamic";

// The cluster's own UIs, by the container port they serve on.
const UI_PORTS: Record<number, string> = {
  80: "Load balancer",
  3000: "Grafana",
  9090: "Prometheus",
  16686: "Jaeger",
};

const linksOf = (topology: Topology) =>
  topology.services.flatMap((s) =>
    s.ports.flatMap((p) => {
      const label = UI_PORTS[p.containerPort];
      const host = p.hostIp === "0.0.0.0" ? "127.0.0.1" : p.hostIp;
      const node = ["leader", "worker"].includes(serviceRoleOf(s) ?? "");
      return label && p.hostPort && !(node && p.containerPort === 9090)
        ? [{ label, url: `http://${host}:${p.hostPort}/` }]
        : [];
    }),
  );

const dashboardTopologies = async ({ engineReachable }: { engineReachable: boolean }) => {
  const loaded = (
    await Promise.all(
      listPanelTopologies().map(async (entry) => {
        const panelTopology = await loadPanelTopology({ entry, forDisplay: true });
        return panelTopology?.result.ok
          ? [{ entry, panelTopology, topology: panelTopology.result.topology }]
          : [];
      }),
    )
  ).flat();
  const freshData = await Promise.all(loaded.map(({ topology }) => freshDataTargets(topology)));
  const missing = engineReachable ? await missingImagesOfEach(loaded.map((l) => l.topology)) : [];
  return loaded.map(({ entry, panelTopology, topology }, index): DashboardTopology => {
    const analysis = analyzeTopology({ topology });
    return {
      name: entry.name,
      project: topology.project,
      phases: analysis.phases.map((p) => ({ name: p.name, services: p.services })),
      criticalPath: analysis.criticalPath.services,
      allocated: {
        cpus: analysis.allocation.cpusLimit || null,
        memoryBytes: analysis.allocation.memoryLimitBytes || null,
      },
      links: linksOf(topology),
      missingSecrets: panelTopology.missing.map((m) => m.name),
      profiles: Object.entries(topology.profiles?.servicesByProfile ?? {}).map(([name, services]) => ({
        name,
        services,
        active: (topology.profiles?.active ?? []).includes(name),
      })),
      composeFiles: composeFileOptions(entry),
      missingImages: missing[index] ?? [],
      freshData: freshData[index] ?? { volumes: [], folders: [] },
    };
  });
};

const DashboardPage = async ({ searchParams }: { searchParams: Promise<{ environment?: string }> }) => {
  const principal = await requirePageRole("viewer");
  const environments = await environmentsForDisplay().catch(() => [localEnvironmentView()]);
  // `?environment=<name>`: the engine this dashboard shows and deploys to (the panel's own by default).
  const wanted = (await searchParams).environment;
  const chosen = environments.find((e) => e.name === wanted) ?? environments[0];
  const environment = chosen && chosen.id !== LOCAL_ENVIRONMENT_ID ? chosen.name : undefined;
  const onEngine = <T,>(work: () => Promise<T>) =>
    environment ? withEnvironment(environment, work) : work();
  const [engine, database, writes] = await Promise.all([
    environment ? onEngine(engineStatus) : pageEngineStatus(),
    databaseStatus(),
    databaseWriteHealth(),
  ]);
  const tour = await showsFirstVisitTour({ userId: principal.userId });
  const topologies = await onEngine(() => dashboardTopologies({ engineReachable: engine.reachable }));
  // Without an engine or a database there is nothing to list; the cards above say why.
  const leftovers: LeftoverRun[] =
    engine.reachable && database.ok && !environment
      ? await listLeftovers({ knownProjects: topologies.map((t) => t.project) }).catch(() => [])
      : [];
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-semibold">Dashboard</h1>
        <OpenAlertsBadge />
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        <StatusCard
          title={`Docker engine · ${environment ?? "local"}`}
          tone={engine.reachable ? "ok" : "error"}
          testId="engine-card"
        >
          {engine.reachable ? (
            <p>
              Docker {engine.version} (API {engine.apiVersion}) on {engine.os} · {engine.cpus} CPUs ·{" "}
              {(engine.memoryBytes / 2 ** 30).toFixed(1)} GiB
            </p>
          ) : (
            <div role="alert" className="space-y-1">
              <p className="font-medium text-red-700 dark:text-red-400">Docker is not reachable.</p>
              <p>{engine.hint}</p>
              <p className="text-xs text-zinc-500">Engine said: {engine.error}</p>
            </div>
          )}
        </StatusCard>
        <StatusCard
          title="Database"
          tone={database.ok && writes.writable ? "ok" : "error"}
          testId="database-card"
        >
          {!database.ok ? (
            <p role="alert">Database error: {database.error}</p>
          ) : writes.writable ? (
            <p>Ready · {writes.location}</p>
          ) : (
            <div role="alert" className="space-y-1">
              <p className="font-medium text-red-700 dark:text-red-400">
                Not writable: no run starts until it is.
              </p>
              <p>
                {writes.location}: {writes.error}
              </p>
              {writes.delayedRuns.map((run) => (
                <p key={run.runId} data-testid="recording-delayed">
                  Run {run.runId}: recording delayed: {run.error} (since {run.since}); its events are kept and
                  written once the database takes them.
                </p>
              ))}
            </div>
          )}
        </StatusCard>
      </div>
      <LeftoversPanel
        groups={leftovers}
        canOperate={hasRole({ actual: principal.role, needed: "operator" })}
      />
      <Dashboard
        topologies={topologies}
        canOperate={hasRole({ actual: principal.role, needed: "operator" })}
        isAdmin={principal.role === "admin"}
        engineReachable={engine.reachable}
        environment={environment}
        environmentId={environment && chosen ? chosen.id : null}
        swarmManager={environment !== undefined && chosen !== undefined && isSwarmManager(chosen)}
        environments={environments.map((e) => e.name)}
        tour={tour}
      />
    </div>
  );
};

export default DashboardPage;

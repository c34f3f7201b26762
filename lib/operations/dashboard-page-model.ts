// The dashboard's view model: which engine it shows (`?environment=<name>`, the panel's own by
// default), that engine's and the database's state, every topology as the deploy form needs it,
// the leftovers of the panel's own engine and whether the first-visit tour shows, so the page only
// lays them out.
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
import { isSwarmManager } from "@/lib/runs/environment-view";
import { showsFirstVisitTour } from "@/lib/runs/first-visit-tour";
import { environmentsForDisplay, localEnvironmentView, withEnvironment } from "./environments";
import { listLeftovers, type LeftoverRun } from "./leftovers";
import { missingImagesOfEach } from "./missing-images";

/** What the dashboard knows of one topology, computed on the server from its compose file. */
export type DashboardTopology = {
  name: string;
  project: string;
  phases: { name: string; services: string[] }[];
  criticalPath: string[];
  allocated: { cpus: number | null; memoryBytes: number | null };
  links: { label: string; url: string }[];
  missingSecrets: string[];
  /** What "start from empty data" deletes: the project's named volumes and data folders. */
  freshData: { volumes: string[]; folders: string[] };
  /** Compose profiles the file declares, the services each enables, and whether the folder's COMPOSE_PROFILES turns it on. */
  profiles: { name: string; services: string[]; active: boolean }[];
  /** The folder's compose files (relative), those read by default first, and which are read by default. */
  composeFiles: { name: string; read: boolean }[];
  /** Images the deploy would need that the engine lacks (local mode: nothing can be pulled). */
  missingImages: string[];
};

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

/** Every topology the dashboard offers, as the deploy form and its panels need it. */
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

/** Everything the dashboard shows, for the signed-in user and the engine asked for. */
export const loadDashboardPage = async ({
  userId,
  wanted,
}: {
  userId: string;
  wanted: string | undefined;
}) => {
  const environments = await environmentsForDisplay().catch(() => [localEnvironmentView()]);
  const chosen = environments.find((e) => e.name === wanted) ?? environments[0];
  const environment = chosen && chosen.id !== LOCAL_ENVIRONMENT_ID ? chosen.name : undefined;
  const onEngine = <T>(work: () => Promise<T>) => (environment ? withEnvironment(environment, work) : work());
  const [engine, database, writes] = await Promise.all([
    environment ? onEngine(engineStatus) : pageEngineStatus(),
    databaseStatus(),
    databaseWriteHealth(),
  ]);
  const tour = await showsFirstVisitTour({ userId });
  const topologies = await onEngine(() => dashboardTopologies({ engineReachable: engine.reachable }));
  // Without an engine or a database there is nothing to list; the cards above say why.
  const leftovers: LeftoverRun[] =
    engine.reachable && database.ok && !environment
      ? await listLeftovers({ knownProjects: topologies.map((t) => t.project) }).catch(() => [])
      : [];
  return {
    /** The environment's name, undefined for the panel's own engine. */
    environment,
    environmentId: environment && chosen ? chosen.id : null,
    swarmManager: environment !== undefined && chosen !== undefined && isSwarmManager(chosen),
    environmentNames: environments.map((e) => e.name),
    engine,
    database,
    writes,
    tour,
    topologies,
    leftovers,
  };
};

export type DashboardPageModel = Awaited<ReturnType<typeof loadDashboardPage>>;

// Objects on the engine that carry a run's labels but belong to no live run and to no deployed
// state: what a dead panel, a kept failure or an unfinished cleanup left. The dashboard lists them
// with "resume watching", "tear down" and "adopt as deployed" (leftover-actions.ts).
import { listPanelTopologies, loadPanelTopology } from "@/lib/catalog/topologies";
import { runBriefs, type StoredRunBrief } from "@/lib/db/run-writes";
import { getDeployBus } from "@/lib/deploy";
import { findManagedObjects, type ManagedObject } from "@/lib/docker/project-objects";
import { isWatching } from "./leftover-watch";

export type LeftoverRun = {
  runId: string;
  project: string;
  /** null: no run of this id is stored here (another panel's database, or a deleted run). */
  run:
    | (Pick<StoredRunBrief, "status" | "kind" | "topology" | "reachedState" | "cleanupState"> & {
        startedAt: string;
      })
    | null;
  containers: { name: string; service: string | null; state: string | null }[];
  networks: string[];
  volumes: string[];
  watching: boolean;
};

/** Stored statuses whose objects are the deployed state, not leftovers. */
const DEPLOYED = new Set(["healthy", "torn_down"]);

/** Leftovers grouped by run, oldest first; runs unknown here only for the projects the panel deploys. */
export const listLeftovers = async ({
  knownProjects,
}: {
  knownProjects: string[];
}): Promise<LeftoverRun[]> => {
  const objects = await findManagedObjects();
  const live = new Set(
    getDeployBus()
      .activeRuns()
      .map((snapshot) => snapshot.runId),
  );
  const byRun = new Map<string, ManagedObject[]>();
  for (const object of objects) {
    if (!object.runId || live.has(object.runId)) continue;
    byRun.set(object.runId, [...(byRun.get(object.runId) ?? []), object]);
  }
  const briefs = new Map((await runBriefs({ ids: [...byRun.keys()] })).map((brief) => [brief.id, brief]));
  const groups: LeftoverRun[] = [];
  for (const [runId, members] of byRun) {
    const brief = briefs.get(runId);
    const project = members[0]?.project ?? "";
    if (brief ? DEPLOYED.has(brief.status) || brief.adoptedAt !== null : !knownProjects.includes(project))
      continue;
    // Volumes alone, of a run this panel did not store, are data a teardown kept on purpose (what
    // a warm start reuses), not something a dead run left half-made.
    if (!brief && members.every((m) => m.kind === "volume")) continue;
    groups.push({
      runId,
      project,
      run: brief
        ? {
            status: brief.status,
            kind: brief.kind,
            topology: brief.topology,
            reachedState: brief.reachedState,
            cleanupState: brief.cleanupState,
            startedAt: brief.startedAt.toISOString(),
          }
        : null,
      containers: members
        .filter((m) => m.kind === "container")
        .map((m) => ({ name: m.name, service: m.service, state: m.state })),
      networks: members.filter((m) => m.kind === "network").map((m) => m.name),
      volumes: members.filter((m) => m.kind === "volume").map((m) => m.name),
      watching: isWatching(runId),
    });
  }
  return groups.sort((a, b) => (a.run?.startedAt ?? "").localeCompare(b.run?.startedAt ?? ""));
};

/** The Compose projects of the panel's topologies (objects of unknown runs count only for these). */
export const knownPanelProjects = async (): Promise<string[]> =>
  (
    await Promise.all(
      listPanelTopologies().map(async (entry) => {
        const loaded = await loadPanelTopology({ entry, forDisplay: true });
        return loaded?.result.ok ? [loaded.result.topology.project] : [];
      }),
    )
  ).flat();

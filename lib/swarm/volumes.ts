// The named volumes of a Swarm deploy live on the nodes (Swarm creates one on each node that ran a
// task mounting it). A teardown keeps them unless asked, as a teardown on one engine does: their
// data is the cluster's (a database, models), and removing it is the operator's call. The cleanup
// of a failed deploy removes only the volumes that run created (labelled with its id), never data
// kept from an earlier one.
import type Docker from "dockerode";
import type { Topology } from "@/lib/compose/types";
import { overallDataState } from "@/lib/deploy/data-state";
import type { DataItem, DataState } from "@/lib/deploy/types";
import { LABEL } from "@/lib/docker/labels";

/** Which of the project's volumes go: none (kept), all of them, or those one run created. */
export type SwarmVolumeRemoval = "keep" | "all" | { createdByRun: string };

/** A named volume as one node's engine lists it. */
export type NodeVolume = { node: string; name: string; labels: Record<string, string> };

/** Splits the project's volumes into those the removal takes and those it keeps. */
export const splitVolumes = ({
  volumes,
  removal,
}: {
  volumes: NodeVolume[];
  removal: SwarmVolumeRemoval;
}): { remove: NodeVolume[]; keep: NodeVolume[] } => {
  const goes = (v: NodeVolume) =>
    removal === "all" ? true : removal === "keep" ? false : v.labels[LABEL.runId] === removal.createdByRun;
  return { remove: volumes.filter(goes), keep: volumes.filter((v) => !goes(v)) };
};

/** The run log's line for kept volumes (null: none kept). */
export const keptVolumesLine = (kept: NodeVolume[]): string | null => {
  if (kept.length === 0) return null;
  const nodes = new Set(kept.map((v) => v.node)).size;
  return (
    `kept ${kept.length} volume${kept.length === 1 ? "" : "s"} on ${nodes} node${nodes === 1 ? "" : "s"} ` +
    `(ask to remove volumes to delete their data)`
  );
};

/** The project's volumes on the given node engines (an engine that does not answer lists none). */
export const projectVolumes = async ({
  nodes,
  project,
}: {
  nodes: [string, Docker][];
  project: string;
}): Promise<NodeVolume[]> => {
  const filters = { label: [`${LABEL.project}=${project}`] };
  const lists = await Promise.all(
    nodes.map(async ([node, engine]) => {
      const answer = await engine.listVolumes({ filters }).catch(() => null);
      return (answer?.Volumes ?? []).map((v) => ({ node, name: v.Name, labels: v.Labels ?? {} }));
    }),
  );
  return lists.flat();
};

/**
 * A Swarm deploy's data state: each named volume warm when it is already on a node (kept by an
 * earlier teardown), cold when on none the panel reaches. Its files are on the nodes, not read here.
 */
export const swarmDataState = ({
  topology,
  existing,
}: {
  topology: Pick<Topology, "volumes" | "services">;
  existing: NodeVolume[];
}): { dataState: DataState; data: DataItem[] } => {
  const data = topology.volumes.map((volume): DataItem => {
    const nodes = existing.filter((v) => v.name === volume.dockerName).map((v) => v.node);
    return {
      kind: "volume",
      name: volume.dockerName,
      services: topology.services
        .filter((s) => s.volumes.some((m) => m.type === "volume" && m.source === volume.name))
        .map((s) => s.name),
      ...(nodes.length > 0
        ? {
            state: "warm" as const,
            detail: `kept on ${nodes.join(", ")} (contents not read: counted as warm)`,
          }
        : { state: "cold" as const, detail: "on no node the panel reaches" }),
    };
  });
  return { dataState: overallDataState(data), data };
};

// Whether a deploy starts from existing data (warm) or empty (cold), per named volume and data
// folder, and "start from empty data": removing them before a run so cold runs can be repeated.
import { existsSync, readdirSync, rmSync } from "node:fs";
import { dataFoldersOf } from "@/lib/compose/data-folders";
import type { Topology } from "@/lib/compose/types";
import { removeVolume, volumeMountpoint } from "@/lib/docker/volumes";
import type { DataItem, DataState } from "./types";

const servicesMounting = (topology: Topology, volume: string): string[] =>
  topology.services
    .filter((s) => s.volumes.some((m) => m.type === "volume" && m.source === volume))
    .map((s) => s.name);

/** Entries of a folder, or null when it cannot be read (the engine's files are not ours to read). */
const entriesOf = (path: string): number | null => {
  try {
    return readdirSync(path).length;
  } catch {
    return null;
  }
};

const itemState = (entries: number | null, existed: boolean): Pick<DataItem, "state" | "detail"> => {
  if (!existed) return { state: "cold", detail: "did not exist" };
  if (entries === null) return { state: "warm", detail: "existed (contents not readable: counted as warm)" };
  return entries === 0
    ? { state: "cold", detail: "empty" }
    : { state: "warm", detail: `held ${entries} entr${entries === 1 ? "y" : "ies"}` };
};

/** The run-level state of its items. */
export const overallDataState = (items: Pick<DataItem, "state">[]): DataState => {
  if (items.length === 0) return "none";
  const warm = items.filter((i) => i.state === "warm").length;
  return warm === 0 ? "cold" : warm === items.length ? "warm" : "mixed";
};

/**
 * Looks at every named volume (through the engine: its mountpoint's entries) and every data folder
 * (see dataFoldersOf) of the topology, before anything of the run is created.
 */
export const assessDataState = async ({
  topology,
}: {
  topology: Topology;
}): Promise<{ dataState: DataState; data: DataItem[] }> => {
  const volumes = await Promise.all(
    topology.volumes.map(async (volume): Promise<DataItem> => {
      const mountpoint = await volumeMountpoint({ name: volume.dockerName });
      return {
        kind: "volume",
        name: volume.dockerName,
        services: servicesMounting(topology, volume.name),
        ...itemState(mountpoint === null ? 0 : entriesOf(mountpoint), mountpoint !== null),
      };
    }),
  );
  const byPath = new Map<string, DataItem>();
  for (const folder of await dataFoldersOf(topology)) {
    const known = byPath.get(folder.path);
    if (known) {
      known.services.push(folder.service);
      continue;
    }
    const existed = existsSync(folder.path);
    byPath.set(folder.path, {
      kind: "folder",
      name: folder.relativePath,
      services: [folder.service],
      ...itemState(existed ? entriesOf(folder.path) : 0, existed),
    });
  }
  const data = [...volumes, ...byPath.values()];
  return { dataState: overallDataState(data), data };
};

/** What "start from empty data" removes: the project's own named volumes and the data folders. */
export const freshDataTargets = async (
  topology: Topology,
): Promise<{ volumes: string[]; folders: string[] }> => ({
  volumes: topology.volumes.filter((v) => !v.external).map((v) => v.dockerName),
  folders: [...new Set((await dataFoldersOf(topology)).map((f) => f.relativePath))],
});

/**
 * Removes the project's named volumes and the topology's data folders. The caller makes sure no
 * container of the project exists (a volume in use cannot be removed, and a live database must
 * not lose its files). Answers what was removed.
 */
export const clearData = async ({
  topology,
}: {
  topology: Topology;
}): Promise<{ volumes: string[]; folders: string[] }> => {
  const targets = await freshDataTargets(topology);
  for (const name of targets.volumes) await removeVolume({ name });
  for (const folder of await dataFoldersOf(topology)) rmSync(folder.path, { recursive: true, force: true });
  return targets;
};

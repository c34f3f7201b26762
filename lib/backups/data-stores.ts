// What of a topology holds its data, as backups see it: its own named volumes and its data folders
// (lib/compose/data-folders.ts), each under its key (the volume's compose key, `bind:data/postgres`).
// A data folder is copied only on the panel's own host (a remote engine's folders are not known
// here), only once (a folder inside another copied one goes with it), and only when it exists;
// every bind mount not copied is listed with why.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { confinedPath } from "@/lib/compose/confined-file";
import {
  classifyBindMounts,
  FOLDER_KEY_PREFIX,
  isFolderKey,
  type DataFolder,
} from "@/lib/compose/data-folders";
import { isInside } from "@/lib/compose/policy-paths";
import type { Topology } from "@/lib/compose/types";
import type { EngineScope } from "@/lib/docker/client";
import type { ArchiveSource } from "@/lib/docker/volume-archive";
import { AppError } from "@/lib/errors";
import type { NotCopied } from "./snapshot-manifest";

/** A volume or data folder of a topology under its key; a folder not created yet has exists: false. */
export type DataStore = { key: string; source: ArchiveSource; services: string[]; exists: boolean };

/** The engine the copy runs on: a data folder is reachable only on the panel's own host. */
export type StoreEngine = { onThisHost: boolean; name: string };

/** The engine of a scope, as the data stores see it. */
export const storeEngineOf = (scope: EngineScope): StoreEngine => ({
  onThisHost: scope.onThisHost,
  name: scope.environmentName,
});

/** A bind source as a person reads it: `./data/postgres` inside the topology's folder, else its path. */
const shownPath = (dir: string, source: string): string => {
  const rel = path.relative(dir, source);
  return rel === "" ? "." : rel.startsWith("..") || path.isAbsolute(rel) ? source : `./${rel}`;
};

/** Entries merged by `key`: one per source, every service that mounts it. */
const mergeBy = <T extends { services: string[] }>(items: { key: string; item: T }[]): T[] => {
  const merged = new Map<string, T>();
  for (const { key, item } of items) {
    const known = merged.get(key);
    if (known) known.services = [...new Set([...known.services, ...item.services])];
    else merged.set(key, { ...item, services: [...item.services] });
  }
  return [...merged.values()];
};

/** The folder (of `folders`) another one lies inside, if any: it is copied whole with it. */
const containerOf = (folder: DataFolder, folders: DataFolder[]): DataFolder | undefined =>
  folders.find((f) => f.realPath !== folder.realPath && isInside({ dir: f.realPath, path: folder.realPath }));

const remoteWhy = (engine: StoreEngine): string =>
  `not copied: the engine (${engine.name}) is not on the panel's host, so a folder there is not known to the panel; only named volumes are copied from it`;

const ownVolumes = (topology: Topology): DataStore[] =>
  topology.volumes
    .filter((v) => !v.external)
    .map((v) => ({
      key: v.name,
      source: { kind: "volume", name: v.dockerName },
      services: topology.services
        .filter((s) => s.volumes.some((m) => m.type === "volume" && m.source === v.name))
        .map((s) => s.name),
      exists: true,
    }));

/**
 * The topology's data stores (its own named volumes, then its data folders by real path) and
 * every bind mount that is none, with why. Only stats paths, through the confined reader.
 */
export const dataStoresOf = async ({
  topology,
  engine,
}: {
  topology: Topology;
  engine: StoreEngine;
}): Promise<{ stores: DataStore[]; notCopied: NotCopied[] }> => {
  const { folders, others } = await classifyBindMounts(topology);
  const notCopied = others.map((o) => ({
    key: `${o.path}\u0000${o.why}`,
    item: { source: shownPath(topology.dir, o.path), services: [o.service], why: `not copied: ${o.why}` },
  }));
  const stores: { key: string; item: DataStore }[] = [];
  for (const folder of folders) {
    const outer = containerOf(folder, folders);
    const why = !engine.onThisHost
      ? remoteWhy(engine)
      : outer
        ? `not copied on its own: it lies inside ${shownPath(topology.dir, outer.path)}, which is copied whole`
        : null;
    const shown = shownPath(topology.dir, folder.path);
    if (why)
      notCopied.push({ key: folder.realPath, item: { source: shown, services: [folder.service], why } });
    else
      stores.push({
        key: folder.realPath,
        item: {
          key: folder.key,
          source: { kind: "folder", name: folder.realPath },
          services: [folder.service],
          exists: folder.exists,
        },
      });
  }
  return { stores: [...ownVolumes(topology), ...mergeBy(stores)], notCopied: mergeBy(notCopied) };
};

/** Why a data folder that does not exist yet is not in a backup. */
export const MISSING_FOLDER_WHY = "not copied: the folder does not exist yet (nothing was written there)";

/** A store's key as a not-copied entry names it: `./data/postgres` for a data folder, `volume <key>` else. */
export const shownKey = (key: string): string =>
  isFolderKey(key) ? `./${key.slice(FOLDER_KEY_PREFIX.length)}` : `volume ${key}`;

/**
 * Creates a data folder a restore writes into that does not exist yet: only where the confined
 * check found it missing inside the topology's folder, and checked again once made (a path that
 * changed meanwhile — a link swapped in — is refused, 409).
 */
export const createMissingFolder = async ({ dir, realPath }: { dir: string; realPath: string }) => {
  const changed = () =>
    new AppError(
      "conflict",
      `The data folder ${realPath} changed while it was checked: nothing was restored`,
    );
  const before = await confinedPath({ path: realPath, dir });
  if (before.realPath !== realPath || (before.kind !== "missing" && before.kind !== "folder"))
    throw changed();
  await mkdir(realPath, { recursive: true });
  const after = await confinedPath({ path: realPath, dir });
  if (after.realPath !== realPath || after.kind !== "folder") throw changed();
};

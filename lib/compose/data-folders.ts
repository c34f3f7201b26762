// Which bind mounts hold a service's data (and so make a run warm or cold), as opposed to the
// configuration files a topology mounts. Asks the confined reader only what kind of path it is
// (a symlink out of the folder is no data folder of the topology).
import { basename, relative } from "node:path";
import { confinedPathKind } from "./confined-file";
import type { Topology } from "./types";

/** A folder under the topology's folder that a service writes its data into. */
export type DataFolder = { service: string; path: string; relativePath: string; target: string };

const insideDir = (dir: string, path: string): boolean => {
  const rel = relative(dir, path);
  return rel !== "" && !rel.startsWith("..");
};

/**
 * A bind mount is a data folder when it is mounted read-write, its source lies under the topology's
 * folder, and the source is a folder (or, not created yet, has no dot in its name: the deployer
 * creates it as a folder). Config mounts are files (nginx.conf, init-db.sql) or read-only, so they
 * never count.
 */
export const dataFoldersOf = async (topology: Topology): Promise<DataFolder[]> => {
  const candidates = topology.services.flatMap((service) =>
    service.volumes.flatMap((mount) =>
      mount.type !== "bind" ||
      mount.readOnly ||
      !insideDir(topology.dir, mount.source) ||
      // bind.create_host_path: false — the file wants a missing folder refused, not created.
      mount.options?.createHostPath === false
        ? []
        : [{ service: service.name, mount }],
    ),
  );
  const kinds = await Promise.all(
    candidates.map(({ mount }) => confinedPathKind({ path: mount.source, dir: topology.dir })),
  );
  return candidates.flatMap(({ service, mount }, index) => {
    const kind = kinds[index];
    const isFolder = kind === "folder" || (kind === "missing" && !basename(mount.source).includes("."));
    return isFolder
      ? [
          {
            service,
            path: mount.source,
            relativePath: relative(topology.dir, mount.source),
            target: mount.target,
          },
        ]
      : [];
  });
};

// Which bind mounts hold a service's data (and so make a run warm or cold), as opposed to the
// configuration files a topology mounts. Reads only whether a path exists and is a folder.
import { existsSync, statSync } from "node:fs";
import { basename, relative } from "node:path";
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
export const dataFoldersOf = (topology: Topology): DataFolder[] =>
  topology.services.flatMap((service) =>
    service.volumes.flatMap((mount) => {
      if (mount.type !== "bind" || mount.readOnly || !insideDir(topology.dir, mount.source)) return [];
      // bind.create_host_path: false — the file wants a missing folder refused, not created.
      if (mount.options?.createHostPath === false) return [];
      const isFolder = existsSync(mount.source)
        ? statSync(mount.source).isDirectory()
        : !basename(mount.source).includes(".");
      return isFolder
        ? [
            {
              service: service.name,
              path: mount.source,
              relativePath: relative(topology.dir, mount.source),
              target: mount.target,
            },
          ]
        : [];
    }),
  );

// Which bind mounts hold a service's data (they make a run warm or cold, a backup copies them, a
// migration carries them), as opposed to the configuration files a topology mounts. Two stages:
// candidates, from the file alone (pure: read-write binds under the topology's folder), then the
// host's word through the confined reader's stat (a folder, or one not created yet; a symlink out
// of the folder is no data folder of the topology). Every other bind mount is answered with why not.
import { basename, isAbsolute, relative, sep } from "node:path";
import { confinedPath, type ConfinedPathKind } from "./confined-file";
import type { Topology } from "./types";

/** What a data folder's key starts with, beside named volumes' keys (a compose volume name has no ":"). */
export const FOLDER_KEY_PREFIX = "bind:";

/** A data folder's key in backups and migrations: `bind:` and its path under the topology's folder. */
export const folderKeyOf = (relativePath: string): string =>
  `${FOLDER_KEY_PREFIX}${relativePath.split(sep).join("/")}`;

/** Whether a backup's or migration's key names a data folder (else a named volume). */
export const isFolderKey = (key: string): boolean => key.startsWith(FOLDER_KEY_PREFIX);

/** A read-write bind mount under the topology's folder: a data folder unless the host says otherwise. */
export type FolderCandidate = {
  service: string;
  /** The source as the file resolves it against the topology's folder (not its real path). */
  path: string;
  relativePath: string;
  key: string;
  target: string;
};

/** A folder under the topology's folder that a service writes its data into. */
export type DataFolder = FolderCandidate & {
  /** Symlinks and `..` resolved: inside the topology's folder's real path. */
  realPath: string;
  /** false: not created yet (the deployer creates it as a folder). */
  exists: boolean;
};

/** A bind mount that is no data folder, and why. */
export type OtherBindMount = { service: string; path: string; target: string; why: string };

type BindMount = { service: string; path: string; target: string; readOnly: boolean; create: boolean };

const bindMountsOf = (topology: Topology): BindMount[] =>
  topology.services.flatMap((service) =>
    service.volumes.flatMap((mount) =>
      mount.type === "bind"
        ? [
            {
              service: service.name,
              path: mount.source,
              target: mount.target,
              readOnly: mount.readOnly,
              create: mount.options?.createHostPath !== false,
            },
          ]
        : [],
    ),
  );

/** Why the file alone says a bind mount holds no data folder, or null for a candidate. */
const fileVerdict = (dir: string, mount: BindMount): string | null => {
  const rel = relative(dir, mount.path);
  if (rel === "") return "the topology's folder itself (its files, not a service's data)";
  if (rel.startsWith("..") || isAbsolute(rel)) return "outside the topology's folder";
  if (mount.readOnly) return "mounted read-only (configuration, not data a service writes)";
  // bind.create_host_path: false — the file wants a missing folder refused, not created.
  if (!mount.create) return "bind.create_host_path: false (a folder the file does not let the panel create)";
  return null;
};

/** Why the host says a candidate is no data folder, or null. */
const HOST_VERDICT: Record<ConfinedPathKind, string | null> = {
  folder: null,
  missing: null,
  file: "a file, not a folder",
  other: "neither a file nor a folder (a socket, FIFO or device)",
  outside: "its real path is not under the topology's folder (a symbolic link out of it): not followed",
};

const candidateOf = (dir: string, mount: BindMount): FolderCandidate => {
  const relativePath = relative(dir, mount.path);
  return {
    service: mount.service,
    path: mount.path,
    relativePath,
    key: folderKeyOf(relativePath),
    target: mount.target,
  };
};

/** The data-folder candidates of a topology, from its file alone (pure). */
export const folderCandidatesOf = (topology: Topology): FolderCandidate[] =>
  bindMountsOf(topology)
    .filter((mount) => fileVerdict(topology.dir, mount) === null)
    .map((mount) => candidateOf(topology.dir, mount));

/**
 * Every bind mount of the topology judged: its data folders (a read-write bind under its folder
 * whose real path stays there and is a folder, or, not created yet, has no dot in its name: config
 * mounts are files such as nginx.conf or init-db.sql, or read-only), and the others with why not.
 */
export const classifyBindMounts = async (
  topology: Topology,
): Promise<{ folders: DataFolder[]; others: OtherBindMount[] }> => {
  const folders: DataFolder[] = [];
  const others: OtherBindMount[] = [];
  for (const mount of bindMountsOf(topology)) {
    const other = (why: string) =>
      others.push({ service: mount.service, path: mount.path, target: mount.target, why });
    const byFile = fileVerdict(topology.dir, mount);
    // Only a candidate's path is looked at on the host (and only stat'ed).
    if (byFile !== null) {
      other(byFile);
      continue;
    }
    const { kind, realPath } = await confinedPath({ path: mount.path, dir: topology.dir });
    const byHost =
      kind === "missing" && basename(mount.path).includes(".")
        ? "a file that does not exist yet (its name has a dot)"
        : HOST_VERDICT[kind];
    if (byHost === null)
      folders.push({ ...candidateOf(topology.dir, mount), realPath, exists: kind === "folder" });
    else other(byHost);
  }
  return { folders, others };
};

/** The topology's data folders (see classifyBindMounts), one entry per mount. */
export const dataFoldersOf = async (topology: Topology): Promise<DataFolder[]> =>
  (await classifyBindMounts(topology)).folders;

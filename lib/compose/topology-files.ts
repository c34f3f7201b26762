// The files a topology names, as the pure compose pipeline sees them: a snapshot the confined
// reader (confined-file.ts) filled before the pipeline runs. The pipeline asks the snapshot, never
// the disk; a file not read yet is recorded as wanted and loadTopology reads it and runs again.

/** A file outside the topology's folder an admin approved: its real path and content hash. */
export type ApprovedFile = { realPath: string; sha256: string };

/** What the confined reader found: the text, or "missing" (inside the folder) / "refused". */
export type FileRead =
  { ok: true; text: string; realPath: string; sha256: string } | { ok: false; reason: "missing" | "refused" };

/** The files read for one load, by absolute path, and those the pipeline asked for but lacked. */
export type TopologyFiles = {
  reads: Map<string, FileRead>;
  wanted: Set<string>;
  /** Every value of every env file the load read, with a variable that held it (display and exports redact them all). */
  envValues: Map<string, string>;
};

/** A value an env file held, and the variable that held it. */
export type ReadVariable = { name: string; value: string };

/** The snapshot's env file values as a list. */
export const readVariablesOf = (files: TopologyFiles): ReadVariable[] =>
  [...files.envValues].map(([value, name]) => ({ name, value }));

/** An empty snapshot: every lookup is wanted. */
export const emptyTopologyFiles = (): TopologyFiles => ({
  reads: new Map(),
  wanted: new Set(),
  envValues: new Map(),
});

/** The read of `path`, or null (and `path` wanted) when it was not read yet. */
export const lookupFile = ({ files, path }: { files: TopologyFiles; path: string }): FileRead | null => {
  const read = files.reads.get(path);
  if (read) return read;
  files.wanted.add(path);
  return null;
};

/**
 * The one message for a file the reader refused (callers prefix the compose key): it says the
 * same whether the path is missing, outside the folder, a folder, a FIFO or a device.
 */
export const refusedFileText = ({ written }: { written: string }): string =>
  `"${written}" is not a file this topology may read: a topology reads only regular files inside its folder (at most 1 MiB), or a file outside it an admin approved by its real path and content (docs/SECURITY.md)`;

/** The message for a file not read yet (the pure parser was called without the reader). */
export const unreadFileText = ({ written }: { written: string }): string =>
  `"${written}" was not read: load the topology with loadTopology, which reads its files`;

// The confined file reader: the one place the panel opens a file a topology names (compose files,
// include and its env_file, extends files, env_file, the folder's .env, secrets/configs files,
// seccomp profiles, bind-mounted config files). A file is read only when it is a regular file whose
// real path (symlinks resolved) lies under the topology's folder, or one an admin approved by its
// real path and content hash. /proc, /sys and /dev are never read. Reads are asynchronous: the file
// is opened with O_NONBLOCK (a FIFO never blocks), its type is checked on the open handle, and at
// most MAX_TOPOLOGY_FILE_BYTES are read. Every refusal is the same answer, "refused", whether the
// path is missing, outside, a folder or a device: nothing tells an operator what lies outside.
import { createHash } from "node:crypto";
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from "node:fs";
import { open, realpath, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { isInside } from "./policy-paths";
import type { ApprovedFile, FileRead } from "./topology-files";

/** The largest file a topology may name (compose files, env files, configs). */
export const MAX_TOPOLOGY_FILE_BYTES = 1024 * 1024;

/** Host trees never read, even when approved: the kernel's and the devices' views. */
const NEVER_READ = ["/proc", "/sys", "/dev"];

/** Options of readConfinedFile. */
export type ReadConfinedFileOptions = {
  /** The path as the compose file resolves it (absolute). */
  path: string;
  /** The topology's folder: files under its real path may be read. */
  dir: string;
  /** Files outside the folder an admin approved: read only while real path and hash both match. */
  approved?: readonly ApprovedFile[];
  maxBytes?: number;
};

/**
 * The real path of `path`: symlinks of its longest existing ancestor resolved, the missing rest
 * appended; `exists` says whether the whole path resolved.
 */
const resolveReal = async (path: string): Promise<{ real: string; exists: boolean }> => {
  let current = resolve(path);
  const rest: string[] = [];
  for (;;) {
    try {
      return { real: join(await realpath(current), ...rest.reverse()), exists: rest.length === 0 };
    } catch {
      const parent = dirname(current);
      if (parent === current) return { real: resolve(path), exists: false };
      rest.push(basename(current));
      current = parent;
    }
  }
};

const sha256Of = (bytes: Buffer): string => createHash("sha256").update(bytes).digest("hex");

const REFUSED: FileRead = { ok: false, reason: "refused" };

/**
 * Reads one file a topology names, confined as the header says. "missing" only for a path whose
 * real location is inside the folder (Compose's optional files); everything else that cannot be
 * read is "refused", with no detail.
 */
export const readConfinedFile = async ({
  path,
  dir,
  approved = [],
  maxBytes = MAX_TOPOLOGY_FILE_BYTES,
}: ReadConfinedFileOptions): Promise<FileRead> => {
  const folder = await resolveReal(dir);
  const { real, exists } = await resolveReal(path);
  if (NEVER_READ.some((tree) => isInside({ dir: tree, path: real }))) return REFUSED;
  const inside = isInside({ dir: folder.real, path: real }) && real !== folder.real;
  const approval = inside ? undefined : approved.find((a) => a.realPath === real);
  if (!inside && !approval) return REFUSED;
  if (!exists) return inside ? { ok: false, reason: "missing" } : REFUSED;
  const read = await readRegularFile({ real, maxBytes });
  if (read.ok && approval && approval.sha256 !== read.sha256) return REFUSED;
  return read;
};

/** A regular file at its real path, at most maxBytes, read through a non-blocking handle. */
const readRegularFile = async ({ real, maxBytes }: { real: string; maxBytes: number }): Promise<FileRead> => {
  let handle;
  try {
    // O_NOFOLLOW: the real path was resolved above; a link swapped in since is not followed.
    handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch {
    return REFUSED;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.size > maxBytes) return REFUSED;
    const buffer = Buffer.alloc(Math.min(info.size, maxBytes) + 1);
    let length = 0;
    // The file may grow after fstat: read at most maxBytes + 1 and refuse what goes over.
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length >= buffer.length) break;
    }
    if (length > maxBytes) return REFUSED;
    const bytes = buffer.subarray(0, length);
    return { ok: true, text: bytes.toString("utf8"), realPath: real, sha256: sha256Of(bytes) };
  } catch {
    return REFUSED;
  } finally {
    await handle.close();
  }
};

/**
 * One small file directly in a topology's folder (its `.env`), read synchronously for listing the
 * folder's compose files (COMPOSE_FILE): the same confinement — real path inside the folder, a
 * regular file on a non-blocking handle (a FIFO or device is refused, never waited on), at most
 * maxBytes — else null. Only for names the panel chooses, never a path a file wrote.
 */
export const readFolderFileSync = ({
  dir,
  name,
  maxBytes = MAX_TOPOLOGY_FILE_BYTES,
}: {
  dir: string;
  name: string;
  maxBytes?: number;
}): string | null => {
  let fd: number | undefined;
  try {
    const folder = realpathSync(dir);
    const real = realpathSync(join(dir, basename(name)));
    if (!isInside({ dir: folder, path: real }) || real === folder) return null;
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    const info = fstatSync(fd);
    if (!info.isFile() || info.size > maxBytes) return null;
    const buffer = Buffer.alloc(info.size);
    const length = info.size === 0 ? 0 : readSync(fd, buffer, 0, info.size, 0);
    return buffer.subarray(0, length).toString("utf8");
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
};

/**
 * For an admin approving a file outside a topology's folder: the file's real path and content
 * hash (what the approval binds), read as the confined reader would, but from anywhere except
 * /proc, /sys and /dev. Never for an operator's request.
 */
export const readForApproval = async ({ path }: { path: string }): Promise<FileRead> => {
  const { real, exists } = await resolveReal(path);
  if (!exists || NEVER_READ.some((tree) => isInside({ dir: tree, path: real }))) return REFUSED;
  return readRegularFile({ real, maxBytes: MAX_TOPOLOGY_FILE_BYTES });
};

/** What a bind mount's source is on this host, as the confined reader sees it (stat only). */
export type ConfinedPathKind = "folder" | "file" | "missing" | "other" | "outside";

/**
 * What a host path a bind mount names is, and its real path (symlinks and `..` resolved):
 * "outside" when the real path is not under the topology's folder's real path (a symlink out of
 * it, or to the folder itself, included), else "folder", "file", "missing", or "other" (a socket,
 * FIFO or device). Only stats, never opens.
 */
export const confinedPath = async ({
  path,
  dir,
}: {
  path: string;
  dir: string;
}): Promise<{ kind: ConfinedPathKind; realPath: string }> => {
  const folder = await resolveReal(dir);
  const { real, exists } = await resolveReal(path);
  if (!isInside({ dir: folder.real, path: real }) || real === folder.real)
    return { kind: "outside", realPath: real };
  if (!exists) return { kind: "missing", realPath: real };
  try {
    const info = await stat(real);
    return { kind: info.isDirectory() ? "folder" : info.isFile() ? "file" : "other", realPath: real };
  } catch {
    return { kind: "other", realPath: real };
  }
};

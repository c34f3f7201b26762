// A topology's named volumes and data folders copied into a dated snapshot folder. The layout:
//   <root>/<topology>/<UTC date>_<id>/INCOMPLETE         written first, removed last
//   <root>/<topology>/<UTC date>_<id>/volumes/<n>.tar    one Docker archive per volume or data folder, as the engine sent it
//   <root>/<topology>/<UTC date>_<id>/manifest.json      written last: per-file sha256, sizes, consistency, what was not copied
// A folder with INCOMPLETE (a crash mid-copy) or without a manifest is never offered for restore.
// Nothing is ever overwritten: the folder is created exclusively and every file with "wx".
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm, statfs, writeFile } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";
import type { EngineGate } from "@/lib/docker/engine-gate";
import {
  archiveUsageBytes,
  containersUsing,
  pauseContainers,
  readArchive,
  type ArchiveSource,
} from "@/lib/docker/volume-archive";
import { AppError } from "@/lib/errors";
import { formatBytes } from "@/lib/format";
import {
  INCOMPLETE_MARKER,
  linksOutOf,
  MANIFEST_FILE,
  PAUSED_MARKER,
  type Consistency,
  type NotCopied,
  type SnapshotManifest,
  type SnapshotVolume,
} from "./snapshot-manifest";
import { createTarHasher } from "./tar-hasher";

/** One thing a snapshot copies, under its key (a volume's compose key, or `bind:<folder>`). */
export type SnapshotSource = { name: string; source: ArchiveSource };

/** Progress of a copy: bytes of archive moved so far of the expected total. */
export type SnapshotProgress = { volume: string; bytesDone: number; bytesTotal: number };

/** Free bytes for an unprivileged writer of the file system holding `dir` (its nearest existing ancestor). */
export const freeBytesOf = async (dir: string): Promise<number> => {
  let at = path.resolve(dir);
  for (;;) {
    try {
      const s = await statfs(at);
      return s.bavail * s.bsize;
    } catch (error) {
      const parent = path.dirname(at);
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" || parent === at) throw error;
      at = parent;
    }
  }
};

/** The snapshot's folder name: its UTC start (sortable, no colons) and id. */
export const snapshotFolderName = ({ at, id }: { at: Date; id: string }): string =>
  `${at
    .toISOString()
    .replace(/:/g, "-")
    .replace(/\.\d+Z$/, "Z")}_${id}`;

/** A source's archive file name inside the snapshot (its key, made path-safe). */
const archiveNameOf = (name: string, index: number): string =>
  `volumes/${String(index).padStart(2, "0")}-${name.replace(/[^A-Za-z0-9_.-]/g, "_")}.tar`;

/** Counts bytes and hashes an archive as it passes, feeding the per-file hasher too. */
const meter = (onBytes: (n: number) => void) => {
  const whole = createHash("sha256");
  const entries = createTarHasher();
  let bytes = 0;
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      whole.update(chunk);
      entries.write(chunk);
      bytes += chunk.length;
      onBytes(bytes);
      done(null, chunk);
    },
  });
  return { transform, result: () => ({ bytes, sha256: whole.digest("hex"), entries: entries.finish() }) };
};

export type SnapshotRoomOptions = {
  /** The backups root (PANEL_BACKUPS_DIR); the snapshot goes to <root>/<topology>/<date>_<id>. */
  root: string;
  topology: string;
  /** The topology's own named volumes and data folders. */
  sources: SnapshotSource[];
  /** The gate of the panel's own requests, granting exactly these sources. */
  gate: EngineGate;
  /** Free-space reader (injectable for tests); default statfs. */
  freeBytes?: (dir: string) => Promise<number>;
};

/** What the sources take on the engine, per source, once the room for them was found. */
export type SnapshotRoom = { usageBytes: number[]; neededBytes: number; freeBytes: number };

/**
 * Measures the sources (du in a helper) and refuses (insufficient_storage, naming the folder and
 * its free space) when the snapshot's file system has too little room. Writes nothing.
 */
export const checkSnapshotRoom = async ({
  root,
  topology,
  sources,
  gate,
  freeBytes,
}: SnapshotRoomOptions): Promise<SnapshotRoom> => {
  const usageBytes: number[] = [];
  for (const { source } of sources) usageBytes.push(await archiveUsageBytes({ gate, source }));
  // Tar adds a 512-byte header per entry and pads files to 512 bytes: a margin on top of du.
  const neededBytes = Math.ceil(usageBytes.reduce((a, b) => a + b, 0) * 1.1) + 1024 * 1024;
  const topologyDir = path.join(root, topology);
  const free = await (freeBytes ?? freeBytesOf)(topologyDir);
  if (free < neededBytes)
    throw new AppError(
      "insufficient_storage",
      `Too little free space for the backup of ${topology}: ${topologyDir} has ${formatBytes(free)} free, its volumes and data folders need about ${formatBytes(neededBytes)}; free space there or set PANEL_BACKUPS_DIR to a larger disk`,
      { folder: topologyDir, freeBytes: free, neededBytes },
    );
  return { usageBytes, neededBytes, freeBytes: free };
};

export type TakeSnapshotOptions = SnapshotRoomOptions & {
  id: string;
  project: string;
  runId: string | null;
  /** Pause the running containers that use the sources for the copy (else copy them live). */
  pause: boolean;
  /** Bind mounts of the topology not copied, and why (listed in the manifest). */
  notCopied?: NotCopied[];
  /** The room checkSnapshotRoom found just before (else it is checked here). */
  room?: SnapshotRoom;
  onProgress?: (progress: SnapshotProgress) => void;
  /** Called (and awaited) once the folder exists, before anything is paused or copied. */
  onStarted?: (folder: string) => Promise<void> | void;
  now?: () => Date;
};

/** Creates the snapshot's folder exclusively (never an existing one). */
const createSnapshotFolder = async ({ topologyDir, folder }: { topologyDir: string; folder: string }) => {
  await mkdir(topologyDir, { recursive: true });
  try {
    await mkdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST")
      throw new AppError("conflict", `A snapshot already exists at ${folder}: it is never overwritten`);
    throw error;
  }
};

/** Copies one source's archive into the folder, hashing every file as it passes. */
const copySource = async ({
  folder,
  item,
  index,
  gate,
  onBytes,
}: {
  folder: string;
  item: SnapshotSource;
  index: number;
  gate: EngineGate;
  onBytes: (n: number) => void;
}): Promise<{ copied: SnapshotVolume; links: NotCopied[] }> => {
  const archive = archiveNameOf(item.name, index);
  const read = await readArchive({ gate, source: item.source });
  try {
    const counted = meter(onBytes);
    await pipeline(
      read.stream,
      counted.transform,
      createWriteStream(path.join(folder, archive), { flags: "wx" }),
    );
    const { bytes, sha256, entries } = counted.result();
    const files = entries
      .filter((e) => e.kind === "file")
      .map((e) => ({ path: e.path, sizeBytes: e.sizeBytes, sha256: e.sha256 ?? "" }));
    const copied: SnapshotVolume = {
      name: item.name,
      kind: item.source.kind,
      dockerName: item.source.name,
      archive,
      archiveBytes: bytes,
      archiveSha256: sha256,
      fileBytes: files.reduce((a, f) => a + f.sizeBytes, 0),
      files,
    };
    return { copied, links: linksOutOf({ key: item.name, entries }) };
  } finally {
    await read.done();
  }
};

/** Pauses the running users (their ids written to PAUSED first); answers how to unpause them. */
const pauseUsers = async (folder: string, ids: string[]): Promise<() => Promise<void>> => {
  // A crash while they are paused must not leave them so: the panel unpauses them at its next boot.
  await writeFile(path.join(folder, PAUSED_MARKER), `${JSON.stringify(ids)}\n`, { flag: "wx" });
  const resume = await pauseContainers({ ids });
  return async () => {
    await resume();
    await rm(path.join(folder, PAUSED_MARKER), { force: true });
  };
};

/** Writes the manifest under a temporary name, then renames it into place. */
const writeManifest = async (folder: string, manifest: SnapshotManifest): Promise<void> => {
  const temporary = path.join(folder, `${MANIFEST_FILE}.partial`);
  await writeFile(temporary, `${JSON.stringify(manifest, null, 2)}\n`, { flag: "wx" });
  await rename(temporary, path.join(folder, MANIFEST_FILE));
};

/**
 * Takes a snapshot: checks the room (refusing before writing anything), then copies each source's
 * archive with its per-file sha256 and writes the manifest last. A failure removes the folder; a
 * crash leaves it marked INCOMPLETE.
 */
export const takeSnapshot = async (
  options: TakeSnapshotOptions,
): Promise<{ folder: string; manifest: SnapshotManifest }> => {
  const { root, id, topology, project, sources, gate, runId, pause, onProgress } = options;
  const now = options.now ?? (() => new Date());
  const started = now();
  const usage = (options.room ?? (await checkSnapshotRoom(options))).usageBytes;
  const topologyDir = path.join(root, topology);
  const folder = path.join(topologyDir, snapshotFolderName({ at: started, id }));
  await createSnapshotFolder({ topologyDir, folder });
  const users = (await Promise.all(sources.map((s) => containersUsing({ source: s.source })))).flat();
  const running = [...new Map(users.filter((c) => c.state === "running").map((c) => [c.id, c])).values()];
  const consistency: Consistency = running.length === 0 ? "stopped" : pause ? "paused" : "live";
  let unpause: (() => Promise<void>) | null = null;
  try {
    const marker = `${JSON.stringify({ id, topology, startedAt: started.toISOString() })}\n`;
    await writeFile(path.join(folder, INCOMPLETE_MARKER), marker, { flag: "wx" });
    await options.onStarted?.(folder);
    await mkdir(path.join(folder, "volumes"));
    if (consistency === "paused")
      unpause = await pauseUsers(
        folder,
        running.map((c) => c.id),
      );
    const copied: SnapshotVolume[] = [];
    const notCopied = [...(options.notCopied ?? [])];
    const bytesTotal = usage.reduce((a, b) => a + b, 0);
    let bytesBefore = 0;
    for (const [index, item] of sources.entries()) {
      const onBytes = (n: number) =>
        onProgress?.({ volume: item.name, bytesDone: bytesBefore + n, bytesTotal });
      const one = await copySource({ folder, item, index, gate, onBytes });
      bytesBefore += one.copied.archiveBytes;
      copied.push(one.copied);
      notCopied.push(...one.links);
    }
    if (unpause) await unpause();
    unpause = null;
    const manifest: SnapshotManifest = {
      version: 1,
      id,
      topology,
      project,
      createdAt: started.toISOString(),
      completedAt: now().toISOString(),
      runId,
      consistency,
      pausedContainers: consistency === "paused" ? running.map((c) => c.name) : [],
      totalBytes: copied.reduce((a, v) => a + v.fileBytes, 0),
      volumes: copied,
      notCopied,
    };
    await writeManifest(folder, manifest);
    await rm(path.join(folder, INCOMPLETE_MARKER));
    return { folder, manifest };
  } catch (error) {
    if (unpause) await unpause();
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
};

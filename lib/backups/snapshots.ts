// A topology's named volumes copied into a dated snapshot folder, and back. The layout:
//   <root>/<topology>/<UTC date>_<id>/INCOMPLETE         written first, removed last
//   <root>/<topology>/<UTC date>_<id>/volumes/<n>.tar    one Docker archive per volume, as the engine sent it
//   <root>/<topology>/<UTC date>_<id>/manifest.json      written last: per-file sha256, sizes, consistency
// A folder with INCOMPLETE (a crash mid-copy) or without a manifest is never offered for restore.
// Nothing is ever overwritten: the folder is created exclusively and every file with "wx".
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, statfs, writeFile } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";
import { z } from "zod";
import type { EngineGate } from "@/lib/docker/engine-gate";
import {
  containersUsingVolume,
  pauseContainers,
  unpauseContainers,
  readVolumeArchive,
  volumeUsageBytes,
  writeVolumeArchive,
} from "@/lib/docker/volume-archive";
import { AppError } from "@/lib/errors";
import { formatBytes } from "@/lib/format";
import { createTarHasher } from "./tar-hasher";

export const INCOMPLETE_MARKER = "INCOMPLETE";
export const MANIFEST_FILE = "manifest.json";
/** The containers a copy paused, written before pausing and removed once they run again. */
export const PAUSED_MARKER = "PAUSED";

/** How consistent a snapshot is: services that use the volumes were not running, paused for the copy, or running. */
export const CONSISTENCY = ["stopped", "paused", "live"] as const;
export type Consistency = (typeof CONSISTENCY)[number];

const ZSnapshotFile = z.object({
  path: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  sha256: z.string(),
});
const ZSnapshotVolume = z.object({
  /** The compose key (`volumes:` name) and the engine's volume name. */
  name: z.string(),
  dockerName: z.string(),
  archive: z.string(),
  archiveBytes: z.number().int().nonnegative(),
  archiveSha256: z.string(),
  fileBytes: z.number().int().nonnegative(),
  files: z.array(ZSnapshotFile),
});
export const ZSnapshotManifest = z.object({
  version: z.literal(1),
  id: z.string(),
  topology: z.string(),
  project: z.string(),
  createdAt: z.string(),
  completedAt: z.string(),
  runId: z.string().nullable(),
  consistency: z.enum(CONSISTENCY),
  pausedContainers: z.array(z.string()),
  totalBytes: z.number().int().nonnegative(),
  volumes: z.array(ZSnapshotVolume),
});
export type SnapshotManifest = z.infer<typeof ZSnapshotManifest>;
export type SnapshotVolume = z.infer<typeof ZSnapshotVolume>;

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

/** A volume's archive file name inside the snapshot (the compose key, made path-safe). */
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
  /** The topology's own named volumes (compose key and engine name). */
  volumes: { name: string; dockerName: string }[];
  /** The gate of the panel's own requests, owning exactly these volumes. */
  gate: EngineGate;
  /** Free-space reader (injectable for tests); default statfs. */
  freeBytes?: (dir: string) => Promise<number>;
};

/** What the volumes take on the engine, per volume, once the room for them was found. */
export type SnapshotRoom = { usageBytes: number[]; neededBytes: number; freeBytes: number };

/**
 * Measures the volumes (du in a helper) and refuses (insufficient_storage, naming the folder and
 * its free space) when the snapshot's file system has too little room. Writes nothing.
 */
export const checkSnapshotRoom = async ({
  root,
  topology,
  volumes,
  gate,
  freeBytes,
}: SnapshotRoomOptions): Promise<SnapshotRoom> => {
  const usageBytes: number[] = [];
  for (const volume of volumes) usageBytes.push(await volumeUsageBytes({ gate, volume: volume.dockerName }));
  // Tar adds a 512-byte header per entry and pads files to 512 bytes: a margin on top of du.
  const neededBytes = Math.ceil(usageBytes.reduce((a, b) => a + b, 0) * 1.1) + 1024 * 1024;
  const topologyDir = path.join(root, topology);
  const free = await (freeBytes ?? freeBytesOf)(topologyDir);
  if (free < neededBytes)
    throw new AppError(
      "insufficient_storage",
      `Too little free space for the backup of ${topology}: ${topologyDir} has ${formatBytes(free)} free, the volumes need about ${formatBytes(neededBytes)}; free space there or set PANEL_BACKUPS_DIR to a larger disk`,
      { folder: topologyDir, freeBytes: free, neededBytes },
    );
  return { usageBytes, neededBytes, freeBytes: free };
};

export type TakeSnapshotOptions = SnapshotRoomOptions & {
  id: string;
  project: string;
  runId: string | null;
  /** Pause the running containers that use the volumes for the copy (else copy them live). */
  pause: boolean;
  /** The room checkSnapshotRoom found just before (else it is checked here). */
  room?: SnapshotRoom;
  onProgress?: (progress: SnapshotProgress) => void;
  /** Called (and awaited) once the folder exists, before anything is paused or copied. */
  onStarted?: (folder: string) => Promise<void> | void;
  now?: () => Date;
};

/**
 * Takes a snapshot: checks the room (refusing before writing anything), then copies each
 * volume's archive with its per-file sha256 and writes the manifest last. A failure removes the
 * folder; a crash leaves it marked INCOMPLETE.
 */
export const takeSnapshot = async (
  options: TakeSnapshotOptions,
): Promise<{ folder: string; manifest: SnapshotManifest }> => {
  const { root, id, topology, project, volumes, gate, runId, pause, onProgress } = options;
  const now = options.now ?? (() => new Date());
  const started = now();
  const usage = (options.room ?? (await checkSnapshotRoom(options))).usageBytes;
  const topologyDir = path.join(root, topology);
  const folder = path.join(topologyDir, snapshotFolderName({ at: started, id }));
  await mkdir(topologyDir, { recursive: true });
  try {
    await mkdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST")
      throw new AppError("conflict", `A snapshot already exists at ${folder}: it is never overwritten`);
    throw error;
  }
  const users = (
    await Promise.all(volumes.map((v) => containersUsingVolume({ volume: v.dockerName })))
  ).flat();
  const running = [...new Map(users.filter((c) => c.state === "running").map((c) => [c.id, c])).values()];
  const consistency: Consistency = running.length === 0 ? "stopped" : pause ? "paused" : "live";
  let unpause: (() => Promise<void>) | null = null;
  try {
    await writeFile(
      path.join(folder, INCOMPLETE_MARKER),
      `${JSON.stringify({ id, topology, startedAt: started.toISOString() })}\n`,
      {
        flag: "wx",
      },
    );
    await options.onStarted?.(folder);
    await mkdir(path.join(folder, "volumes"));
    if (consistency === "paused") {
      // A crash while they are paused must not leave them so: the panel unpauses them at its next boot.
      await writeFile(path.join(folder, PAUSED_MARKER), `${JSON.stringify(running.map((c) => c.id))}\n`, {
        flag: "wx",
      });
      const resume = await pauseContainers({ ids: running.map((c) => c.id) });
      unpause = async () => {
        await resume();
        await rm(path.join(folder, PAUSED_MARKER), { force: true });
      };
    }
    const copied: SnapshotVolume[] = [];
    const bytesTotal = usage.reduce((a, b) => a + b, 0);
    let bytesBefore = 0;
    for (const [index, volume] of volumes.entries()) {
      const archive = archiveNameOf(volume.name, index);
      const source = await readVolumeArchive({ gate, volume: volume.dockerName });
      try {
        const counted = meter((n) =>
          onProgress?.({ volume: volume.name, bytesDone: bytesBefore + n, bytesTotal }),
        );
        await pipeline(
          source.stream,
          counted.transform,
          createWriteStream(path.join(folder, archive), { flags: "wx" }),
        );
        const { bytes, sha256, entries } = counted.result();
        bytesBefore += bytes;
        const files = entries
          .filter((e) => e.kind === "file")
          .map((e) => ({ path: e.path, sizeBytes: e.sizeBytes, sha256: e.sha256 ?? "" }));
        copied.push({
          name: volume.name,
          dockerName: volume.dockerName,
          archive,
          archiveBytes: bytes,
          archiveSha256: sha256,
          fileBytes: files.reduce((a, f) => a + f.sizeBytes, 0),
          files,
        });
      } finally {
        await source.done();
      }
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
    };
    const temporary = path.join(folder, `${MANIFEST_FILE}.partial`);
    await writeFile(temporary, `${JSON.stringify(manifest, null, 2)}\n`, { flag: "wx" });
    await rename(temporary, path.join(folder, MANIFEST_FILE));
    await rm(path.join(folder, INCOMPLETE_MARKER));
    return { folder, manifest };
  } catch (error) {
    if (unpause) await unpause();
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
};

export type SnapshotOnDisk =
  | { folder: string; complete: true; manifest: SnapshotManifest }
  | { folder: string; complete: false; manifest: null; reason: string };

/** Reads a snapshot folder: complete only with a valid manifest and no INCOMPLETE marker. */
export const readSnapshot = async (folder: string): Promise<SnapshotOnDisk> => {
  const names = await readdir(folder).catch(() => null);
  if (names === null)
    return { folder, complete: false, manifest: null, reason: "the snapshot folder is gone" };
  if (names.includes(INCOMPLETE_MARKER))
    return {
      folder,
      complete: false,
      manifest: null,
      reason: "the copy was interrupted (the folder is marked INCOMPLETE)",
    };
  if (!names.includes(MANIFEST_FILE))
    return { folder, complete: false, manifest: null, reason: "the snapshot has no manifest" };
  const parsed = ZSnapshotManifest.safeParse(
    JSON.parse(await readFile(path.join(folder, MANIFEST_FILE), "utf8").catch(() => "null")),
  );
  if (!parsed.success)
    return { folder, complete: false, manifest: null, reason: "the manifest is unreadable" };
  return { folder, complete: true, manifest: parsed.data };
};

/** One volume of a restore: the snapshot's volume (compose key) into a target volume (engine name). */
export type RestoreMapping = { from: string; to: string };

/**
 * Writes the snapshot's volumes into the mapped target volumes: each archive's sha256 is checked
 * against the manifest first (a changed file restores nothing), then each target is emptied and
 * filled. The caller checks that no target is in use.
 */
export const restoreSnapshot = async ({
  folder,
  manifest,
  mapping,
  gate,
  onProgress,
}: {
  folder: string;
  manifest: SnapshotManifest;
  mapping: RestoreMapping[];
  gate: EngineGate;
  onProgress?: (progress: SnapshotProgress) => void;
}): Promise<void> => {
  const pairs = mapping.map(({ from, to }) => {
    const volume = manifest.volumes.find((v) => v.name === from);
    if (!volume)
      throw new AppError("bad_request", `mapping: the snapshot holds no volume "${from}"`, [
        { path: "mapping", message: `the snapshot holds no volume "${from}"` },
      ]);
    return { volume, to };
  });
  for (const { volume } of pairs) {
    const hash = createHash("sha256");
    await pipeline(
      createReadStream(path.join(folder, volume.archive)),
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) hash.update(chunk);
        yield* [];
      },
    );
    if (hash.digest("hex") !== volume.archiveSha256)
      throw new AppError(
        "conflict",
        `The snapshot's archive of ${volume.name} changed since it was taken (sha256 differs): nothing was restored`,
      );
  }
  const bytesTotal = pairs.reduce((a, p) => a + p.volume.archiveBytes, 0);
  let bytesBefore = 0;
  for (const { volume, to } of pairs) {
    let bytes = 0;
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        onProgress?.({ volume: volume.name, bytesDone: bytesBefore + bytes, bytesTotal });
        done(null, chunk);
      },
    });
    const archive = createReadStream(path.join(folder, volume.archive)).pipe(counted);
    await writeVolumeArchive({ gate, volume: to, archive });
    bytesBefore += volume.archiveBytes;
  }
};

/** Unpauses the containers an interrupted copy left paused (its PAUSED marker); answers their ids. */
export const unpauseLeftBehind = async (folder: string): Promise<string[]> => {
  const text = await readFile(path.join(folder, PAUSED_MARKER), "utf8").catch(() => null);
  if (text === null) return [];
  const ids = z.array(z.string()).safeParse(JSON.parse(text)).data ?? [];
  await unpauseContainers({ ids });
  await rm(path.join(folder, PAUSED_MARKER), { force: true });
  return ids;
};

/** Removes a snapshot folder. */
export const deleteSnapshotFolder = async (folder: string): Promise<void> => {
  await rm(folder, { recursive: true, force: true });
};

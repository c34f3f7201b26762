// A snapshot written back: each archive checked against the manifest's sha256, then each target
// (a volume, or a data folder on the engine's host) emptied and filled through a helper. Also the
// boot-time unpause of what an interrupted copy paused, and a snapshot's removal.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { z } from "zod";
import type { EngineGate } from "@/lib/docker/engine-gate";
import { unpauseContainers, writeArchive, type ArchiveSource } from "@/lib/docker/volume-archive";
import { AppError } from "@/lib/errors";
import { PAUSED_MARKER, type SnapshotManifest } from "./snapshot-manifest";
import type { SnapshotProgress } from "./snapshots";

/** One entry of a restore: the snapshot's volume or data folder (its key) into a target volume or folder. */
export type RestoreMapping = { from: string; to: ArchiveSource };

/**
 * Writes the snapshot's volumes and data folders into the mapped targets: each archive's sha256 is checked
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
    await writeArchive({ gate, source: to, archive });
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

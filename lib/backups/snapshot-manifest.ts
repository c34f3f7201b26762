// A snapshot's manifest (written last, so its presence says the copy ended) and the reading of a
// snapshot folder: complete only with a valid manifest and no INCOMPLETE marker. Manifests written
// before data folders were copied parse too (every entry a volume, nothing listed as not copied).
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { ARCHIVE_SOURCE_KINDS } from "@/lib/docker/volume-archive";
import type { TarEntry } from "./tar-hasher";

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
  /** The key: a named volume's compose key, or `bind:<path under the topology's folder>`. */
  name: z.string(),
  kind: z.enum(ARCHIVE_SOURCE_KINDS).default("volume"),
  /** The engine's volume name, or the data folder's real path on the engine's host. */
  dockerName: z.string(),
  archive: z.string(),
  archiveBytes: z.number().int().nonnegative(),
  archiveSha256: z.string(),
  fileBytes: z.number().int().nonnegative(),
  files: z.array(ZSnapshotFile),
});
/** Something of the topology the snapshot did not copy, and why (a bind mount, a link out of a copied folder). */
export const ZNotCopied = z.object({
  source: z.string(),
  services: z.array(z.string()),
  why: z.string(),
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
  notCopied: z.array(ZNotCopied).default([]),
});
export type SnapshotManifest = z.infer<typeof ZSnapshotManifest>;
export type SnapshotVolume = z.infer<typeof ZSnapshotVolume>;
export type NotCopied = z.infer<typeof ZNotCopied>;

/** Whether a link at `entry` (an archive path under data/) pointing at `target` leads out of data/. */
export const linkLeavesCopy = ({ entry, target }: { entry: string; target: string }): boolean => {
  if (path.posix.isAbsolute(target)) return true;
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(entry), target));
  return resolved !== "data" && !resolved.startsWith("data/");
};

/**
 * The symbolic links of a copied volume or folder that point out of it: kept as links (the Engine's
 * archive never follows them), what they point to is not copied, and the manifest says so.
 */
export const linksOutOf = ({ key, entries }: { key: string; entries: TarEntry[] }): NotCopied[] =>
  entries
    .filter((e) => e.kind === "symlink" && e.linkTarget !== null)
    .filter((e) => linkLeavesCopy({ entry: e.path, target: e.linkTarget ?? "" }))
    .map((e) => ({
      source: `${key}: ${e.path.replace(/^data\/?/, "")}`,
      services: [],
      why: `a symbolic link to ${e.linkTarget}, out of the copied folder: copied as the link itself, what it points to is not`,
    }));

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

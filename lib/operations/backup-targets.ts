// Where a restore writes: the target topology's volumes and data folders its mapping names (a 400
// naming `mapping` for a key the backup or the target lacks, or a data folder on an engine off the
// panel's host), and the refusals of a target not created yet (400) or in use by a running
// container (409). Nothing here writes.
import type { DataStore, StoreEngine } from "@/lib/backups/data-stores";
import type { SnapshotManifest } from "@/lib/backups/snapshot-manifest";
import { isFolderKey } from "@/lib/compose/data-folders";
import {
  containersUsing,
  describeSource,
  volumeLabels,
  type ArchiveSource,
} from "@/lib/docker/volume-archive";
import { AppError } from "@/lib/errors";
import type { FieldProblem } from "@/lib/http/field-problems";

/** A 400 naming the field, shaped as the route's own zod refusals (details: [{ path, message }]). */
export const badField = (path: string, message: string): AppError =>
  new AppError("bad_request", message, [{ path, message }] satisfies FieldProblem[]);

/** One restored entry as answered: the backup's key into the target's volume (engine name) or folder (host path). */
export type RestoredEntry = { from: string; to: string; kind: ArchiveSource["kind"] };

export type RestorePair = { from: string; store: DataStore };

/** The target stores the wanted mapping names (backup key → target key), or a 400 naming `mapping`. */
export const restorePairsOf = ({
  manifest,
  stores,
  wanted,
  targetName,
  engine,
}: {
  manifest: SnapshotManifest;
  stores: DataStore[];
  wanted: Record<string, string>;
  targetName: string;
  engine: StoreEngine;
}): RestorePair[] => {
  const pairs = Object.entries(wanted).map(([from, to]) => {
    if (!manifest.volumes.some((v) => v.name === from))
      throw badField(
        "mapping",
        `mapping: the backup holds no volume or data folder "${from}" (it holds ${manifest.volumes.map((v) => v.name).join(", ")})`,
      );
    const store = stores.find((s) => s.key === to);
    if (store) return { from, store };
    if (isFolderKey(to) && !engine.onThisHost)
      throw badField(
        "mapping",
        `mapping: ${to} is a data folder and the engine (${engine.name}) is not on the panel's host: restore only named volumes there (leave ${from} out of mapping)`,
      );
    throw badField(
      "mapping",
      `mapping: ${targetName} has no volume or data folder "${to}" (its: ${stores.map((s) => s.key).join(", ") || "none"})`,
    );
  });
  if (pairs.length === 0) throw badField("mapping", "mapping: nothing to restore");
  return pairs;
};

/** Refuses a target volume not created yet (400) or a target a running container uses (409). */
export const assertTargetsFree = async ({
  pairs,
  targetName,
}: {
  pairs: RestorePair[];
  targetName: string;
}) => {
  for (const { store } of pairs) {
    const what = describeSource(store.source);
    if (store.source.kind === "volume" && (await volumeLabels({ name: store.source.name })) === null)
      throw badField(
        "mapping",
        `mapping: ${what} does not exist on this engine: deploy ${targetName} once (then tear it down) before restoring into it`,
      );
    const users = (await containersUsing({ source: store.source })).filter(
      (c) => c.state !== "exited" && c.state !== "created" && c.state !== "dead",
    );
    if (users.length > 0)
      throw new AppError(
        "conflict",
        `${targetName} is running: ${users.map((c) => c.name).join(", ")} use${users.length === 1 ? "s" : ""} ${what}; tear it down (keeping its volumes) before restoring`,
      );
  }
};

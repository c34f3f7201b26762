// Backups of a topology's named volumes and data folders (docs/BACKUPS.md): take one (202, copied
// in the background with its progress on the row), list them (an interrupted copy reads incomplete
// and is never offered), restore one into the same or another topology's volumes and data folders
// with a mapping the person confirms, delete one (admins). Every refusal comes before anything is written.
import { randomUUID } from "node:crypto";
import path from "node:path";
import { whileCopying } from "@/lib/backups/active-copies";
import { backupGate } from "@/lib/backups/backup-gate";
import {
  createMissingFolder,
  dataStoresOf,
  MISSING_FOLDER_WHY,
  shownKey,
  storeEngineOf,
} from "@/lib/backups/data-stores";
import { readSnapshot, type NotCopied, type SnapshotManifest } from "@/lib/backups/snapshot-manifest";
import {
  deleteSnapshotFolder,
  restoreSnapshot,
  unpauseLeftBehind,
  type RestoreMapping,
} from "@/lib/backups/snapshot-restore";
import { checkSnapshotRoom, takeSnapshot } from "@/lib/backups/snapshots";
import type { Actor } from "@/lib/auth/principal";
import type { Topology } from "@/lib/compose/types";
import { recordAudit } from "@/lib/db/audit";
import {
  createBackupRow,
  deleteBackupRow,
  getBackupRow,
  listBackupRows,
  updateBackupRow,
  type BackupRow,
} from "@/lib/db/backups";
import { latestRun } from "@/lib/db/runs";
import { publishBackupProgress } from "@/lib/realtime/backup-room";
import type { EngineScope } from "@/lib/docker/client";
import { volumeLabels, type ArchiveSource } from "@/lib/docker/volume-archive";
import { errorMessage } from "@/lib/docker/docker-error";
import { AppError } from "@/lib/errors";
import { globalSingleton } from "@/lib/global-singleton";
import { assertTargetsFree, badField, restorePairsOf, type RestoredEntry } from "./backup-targets";
import { assertProjectFree } from "@/lib/deploy";
import { loadOrExplain } from "./deploy-start";
import { storedEnvironmentId, withEnvironment } from "./environments";
import { assertProjectUnclaimed } from "./project-claims";

/** Where snapshots go: PANEL_BACKUPS_DIR, else data/backups under the panel's folder. */
export const backupsRoot = (): string => path.resolve(process.env.PANEL_BACKUPS_DIR || "data/backups");

/** Backups being copied by this process (a "running" row not here was interrupted by a crash). */
const liveBackups = () => globalSingleton("ollamamax.backups.live", () => new Map<string, Promise<void>>());

/** Free-space reader override (tests inject a small figure instead of a small disk). */
const freeBytesReader = () =>
  globalSingleton<{ read?: (dir: string) => Promise<number> }>("ollamamax.backups.free-bytes", () => ({}));

/** Replaces the free-space reader (tests); undefined restores statfs. */
export const setBackupFreeBytesReader = (read?: (dir: string) => Promise<number>): void => {
  freeBytesReader().read = read;
};

/** What a backup of the topology copies (existing stores) and what it lists as not copied. */
const backupPlanOf = async (topology: Topology, scope: EngineScope) => {
  const { stores, notCopied } = await dataStoresOf({ topology, engine: storeEngineOf(scope) });
  const missing: NotCopied[] = stores
    .filter((s) => !s.exists)
    .map((s) => ({ source: shownKey(s.key), services: s.services, why: MISSING_FOLDER_WHY }));
  const sources = stores.filter((s) => s.exists).map((s) => ({ name: s.key, source: s.source }));
  return { sources, notCopied: [...notCopied, ...missing] };
};

/** Refuses (409) a backup of a volume that was never created on the engine. */
const assertVolumesExist = async (
  topologyName: string,
  sources: { name: string; source: ArchiveSource }[],
) => {
  for (const { name, source } of sources)
    if (source.kind === "volume" && (await volumeLabels({ name: source.name })) === null)
      throw new AppError(
        "conflict",
        `Volume ${source.name} (${name}) does not exist on this engine yet: deploy ${topologyName} once before backing it up`,
      );
};

export type StartBackupRequest = {
  topology: string;
  pause: boolean;
  environment?: string | null;
  /** The migration taking this backup (it holds the project; its own backup passes). */
  migrationId?: string;
};

/**
 * Starts a backup of the topology's named volumes and data folders: refuses (507) before writing
 * when the backups folder lacks room, stores the row, copies in the background; `done` settles when it ends.
 */
export const startBackup = async ({
  principal,
  address,
  request,
}: Actor & { request: StartBackupRequest }): Promise<{ id: string; done: Promise<void> }> =>
  withEnvironment(request.environment, async (scope) => {
    const { topology } = await loadOrExplain({ name: request.topology });
    // Not while a deploy, teardown or scale changes it, a migration holds it, or another copy runs.
    assertProjectFree({ project: topology.project });
    assertProjectUnclaimed({
      project: topology.project,
      action: "back up",
      migrationId: request.migrationId,
    });
    const { sources, notCopied } = await backupPlanOf(topology, scope);
    if (sources.length === 0)
      throw badField(
        "topology",
        `topology: ${request.topology} has no named volumes or data folders of its own to back up${notCopied.length ? ` (${notCopied.map((n) => `${n.source}: ${n.why}`).join("; ")})` : ""}`,
      );
    await assertVolumesExist(request.topology, sources);
    const gate = backupGate({
      project: topology.project,
      dir: topology.dir,
      sources: sources.map((s) => s.source),
      role: principal.role,
    });
    const root = backupsRoot();
    const room = await checkSnapshotRoom({
      root,
      topology: request.topology,
      sources,
      gate,
      freeBytes: freeBytesReader().read,
    });
    const environment = storedEnvironmentId(scope);
    const run = await latestRun({ project: topology.project, environmentId: environment });
    const id = `bak-${randomUUID().slice(0, 8)}`;
    const bytesExpected = room.usageBytes.reduce((a, b) => a + b, 0);
    await createBackupRow({
      id,
      topology: request.topology,
      project: topology.project,
      environment,
      runId: run?.id ?? null,
      bytesExpected,
      by: principal.username,
    });
    await recordAudit({
      actor: principal.username,
      action: "backup.start",
      target: id,
      address,
      detail: { topology: request.topology, sources: sources.map((s) => s.name), pause: request.pause },
    });
    let lastWriteMs = 0;
    const progress = (state: "running" | "complete" | "failed", bytesDone: number) =>
      publishBackupProgress({ id, topology: request.topology, state, bytesDone, bytesExpected });
    // From here until the copy ends, a deploy or teardown of the project is refused naming it.
    const copying = { environment, project: topology.project };
    const done = whileCopying(copying, { id, kind: "backup", topology: request.topology }, () =>
      takeSnapshot({
        root,
        id,
        topology: request.topology,
        project: topology.project,
        sources,
        notCopied,
        gate,
        runId: run?.id ?? null,
        pause: request.pause,
        room,
        freeBytes: freeBytesReader().read,
        onStarted: (folder) => updateBackupRow(id, { folder }),
        onProgress: ({ bytesDone }) => {
          progress("running", bytesDone);
          if (Date.now() - lastWriteMs < 500) return;
          lastWriteMs = Date.now();
          void updateBackupRow(id, { bytesDone }).catch(() => undefined);
        },
      }),
    )
      .then(async ({ folder, manifest }) => {
        const bytesDone = manifest.volumes.reduce((a, v) => a + v.archiveBytes, 0);
        await updateBackupRow(id, {
          folder,
          status: "complete",
          consistency: manifest.consistency,
          totalBytes: manifest.totalBytes,
          bytesDone,
          finishedAt: new Date(),
        });
        progress("complete", bytesDone);
      })
      .catch(async (error: unknown) => {
        progress("failed", 0);
        await updateBackupRow(id, {
          status: "failed",
          folder: null,
          error: errorMessage(error),
          finishedAt: new Date(),
        });
      })
      .catch(() => undefined)
      .finally(() => liveBackups().delete(id));
    liveBackups().set(id, done);
    return { id, done };
  });

/**
 * At boot: a copy a dead panel left "running" is incomplete (the list says so); the services it had
 * paused for the copy are unpaused. Answers the containers unpaused.
 */
export const recoverBackupsAtBoot = async (): Promise<string[]> => {
  const unpaused: string[] = [];
  for (const row of await listBackupRows({})) {
    if (row.status !== "running" || liveBackups().has(row.id) || !row.folder) continue;
    const folder = row.folder;
    unpaused.push(...(await withEnvironment(row.environment, () => unpauseLeftBehind(folder))));
  }
  return unpaused;
};

/** A backup as the API lists it: complete only when its row and its folder say so. */
export type BackupView = {
  id: string;
  topology: string;
  project: string;
  environment: string | null;
  created: string;
  finished: string | null;
  /** running, complete, failed, or incomplete (a copy a crash interrupted, or a folder since damaged). */
  state: "running" | "complete" | "failed" | "incomplete";
  complete: boolean;
  reason: string | null;
  consistency: string | null;
  runId: string | null;
  sizeBytes: number;
  progress: { bytesDone: number; bytesExpected: number };
  by: string;
  /** The named volumes and data folders copied (kind), with their files. */
  volumes: {
    name: string;
    kind: ArchiveSource["kind"];
    dockerName: string;
    sizeBytes: number;
    files: { path: string; sizeBytes: number; sha256: string }[];
  }[];
  /** Bind mounts of the topology (and links out of a copied folder) not copied, and why. */
  notCopied: NotCopied[];
};

const viewOf = async (row: BackupRow): Promise<{ view: BackupView; manifest: SnapshotManifest | null }> => {
  const disk = row.folder ? await readSnapshot(row.folder) : null;
  const interrupted = row.status === "running" && !liveBackups().has(row.id);
  const state =
    row.status === "running"
      ? interrupted
        ? "incomplete"
        : "running"
      : row.status === "complete"
        ? disk?.complete
          ? "complete"
          : "incomplete"
        : "failed";
  const manifest = state === "complete" && disk?.complete ? disk.manifest : null;
  const reason =
    state === "incomplete"
      ? interrupted
        ? "the copy was interrupted (the panel stopped while it ran); never offered for restore"
        : disk && !disk.complete
          ? disk.reason
          : "the snapshot folder is gone"
      : row.error;
  const view: BackupView = {
    id: row.id,
    topology: row.topology,
    project: row.project,
    environment: row.environment,
    created: row.createdAt.toISOString(),
    finished: row.finishedAt?.toISOString() ?? null,
    state,
    complete: state === "complete",
    reason,
    consistency: row.consistency,
    runId: row.runId,
    sizeBytes: row.totalBytes,
    progress: { bytesDone: row.bytesDone, bytesExpected: row.bytesExpected },
    by: row.by,
    volumes: (manifest?.volumes ?? []).map((v) => ({
      name: v.name,
      kind: v.kind,
      dockerName: v.dockerName,
      sizeBytes: v.fileBytes,
      files: v.files,
    })),
    notCopied: manifest?.notCopied ?? [],
  };
  return { view, manifest };
};

/** Backups newest first (of one topology when given), with their files once complete. */
export const listBackups = async ({ topology }: { topology?: string }): Promise<BackupView[]> =>
  Promise.all((await listBackupRows({ topology })).map(async (row) => (await viewOf(row)).view));

const findBackup = async (id: string) => {
  const row = await getBackupRow(id);
  if (!row) throw new AppError("not_found", `No backup "${id}".`);
  // The folder comes from the database: only one under the backups root is ever read or removed.
  if (row.folder && !path.resolve(row.folder).startsWith(`${backupsRoot()}${path.sep}`))
    throw new AppError(
      "conflict",
      `Backup ${id}'s folder ${row.folder} is outside ${backupsRoot()}: it is left alone`,
    );
  return { row, ...(await viewOf(row)) };
};

export type RestoreRequest = {
  /** The topology whose volumes and data folders receive the data (default: the backup's own). */
  topology?: string;
  /** Backup key → target topology's key (a volume's compose key, `bind:<folder>`); default: the same keys. */
  mapping?: Record<string, string>;
  /** The person confirmed the mapping (the refusal without it names the mapping). */
  confirm: boolean;
  environment?: string | null;
};

/**
 * Restores a complete backup into the target topology's volumes and data folders (emptied first; a
 * data folder not created yet is made inside the topology's folder). Refused, with nothing written:
 * an unknown or incomplete backup, a mapping to a volume or folder the target does not have, a
 * volume that does not exist yet, a target a running container uses, an unconfirmed mapping.
 */
export const restoreBackup = async ({
  principal,
  address,
  id,
  request,
  migrationId,
}: Actor & { id: string; request: RestoreRequest; migrationId?: string }): Promise<{
  topology: string;
  mapping: RestoredEntry[];
}> => {
  const { row, view, manifest: complete } = await findBackup(id);
  if (!view.complete || !complete || !row.folder)
    throw new AppError(
      "conflict",
      `Backup ${id} is ${view.state}${view.reason ? ` (${view.reason})` : ""}: only a complete backup restores`,
    );
  const manifest = complete;
  const folder = row.folder;
  const targetName = request.topology ?? row.topology;
  return withEnvironment(request.environment ?? row.environment, async (scope) => {
    const { topology } = await loadOrExplain({ name: targetName });
    assertProjectFree({ project: topology.project });
    assertProjectUnclaimed({ project: topology.project, action: "restore", migrationId });
    const engine = storeEngineOf(scope);
    const { stores } = await dataStoresOf({ topology, engine });
    const wanted = request.mapping ?? Object.fromEntries(manifest.volumes.map((v) => [v.name, v.name]));
    const pairs = restorePairsOf({ manifest, stores, wanted, targetName, engine });
    const answer = pairs.map((p) => ({ from: p.from, to: p.store.source.name, kind: p.store.source.kind }));
    if (!request.confirm)
      throw badField(
        "confirm",
        `confirm: the restore empties and overwrites ${answer.map((m) => `${m.from} → ${m.to}`).join(", ")}; send confirm: true to go ahead`,
      );
    await assertTargetsFree({ pairs, targetName });
    for (const { store } of pairs)
      if (!store.exists) await createMissingFolder({ dir: topology.dir, realPath: store.source.name });
    const mapping: RestoreMapping[] = pairs.map((p) => ({ from: p.from, to: p.store.source }));
    const gate = backupGate({
      project: topology.project,
      dir: topology.dir,
      sources: mapping.map((m) => m.to),
      role: principal.role,
    });
    await recordAudit({
      actor: principal.username,
      action: "backup.restore",
      target: id,
      address,
      detail: { topology: targetName, mapping: answer },
    });
    await whileCopying(
      { environment: storedEnvironmentId(), project: topology.project },
      { id, kind: "restore", topology: targetName },
      () => restoreSnapshot({ folder, manifest, mapping, gate }),
    );
    return { topology: targetName, mapping: answer };
  });
};

/** Deletes a backup (its folder and row); refused while it is being copied. */
export const deleteBackup = async ({ principal, address, id }: Actor & { id: string }): Promise<void> => {
  const { row, view } = await findBackup(id);
  if (view.state === "running")
    throw new AppError("conflict", `Backup ${id} is still being copied: delete it once it ends`);
  if (row.folder) await deleteSnapshotFolder(row.folder);
  await deleteBackupRow(id);
  await recordAudit({
    actor: principal.username,
    action: "backup.delete",
    target: id,
    address,
    detail: { topology: row.topology },
  });
};

// A volume's or data folder's files as a tar stream, in and out, through a helper container on the
// engine: the helper mounts the volume (or binds the folder, on the engine's own host) at /data and
// is never started for the copy itself (the Engine's archive endpoints read and write a created
// container's mounts), so the stream goes through the Engine's API alone and a remote engine works
// the same for volumes. Every create goes through the gate, which grants exactly what is copied.
import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import type Docker from "dockerode";
import { CALIBRATION_IMAGE } from "./calibration";
import { getDocker } from "./client";
import { demuxBuffer } from "./demux";
import { isNotFound } from "./docker-error";
import type { EngineGate } from "./engine-gate";
import { LABEL } from "./labels";
import { isInside, realPath } from "@/lib/compose/policy-paths";
import { AppError } from "@/lib/errors";

/** The helper's image: the kit's busybox (sh, du, find, rm), the one the calibration uses. */
export const VOLUME_HELPER_IMAGE = CALIBRATION_IMAGE;
/** Where the helper mounts the volume; a volume's archive entries start with `data/`. */
export const VOLUME_HELPER_MOUNT = "/data";
/** The label value of a helper container (LABEL.managed), so leftovers can name them. */
export const VOLUME_HELPER_LABEL = "backup-helper";

/** What a helper copies: a named volume (its engine name) or a folder on the engine's host (its real path). */
export const ARCHIVE_SOURCE_KINDS = ["volume", "folder"] as const;
export type ArchiveSource = { kind: (typeof ARCHIVE_SOURCE_KINDS)[number]; name: string };

/** How a source is named in messages. */
export const describeSource = (source: ArchiveSource): string => `${source.kind} ${source.name}`;

type Helper = { container: Docker.Container; remove: () => Promise<void> };

/** Creates (not starts) a helper with `source` at /data, running `cmd` when started. */
const createHelper = async ({
  gate,
  source,
  cmd,
  readOnly,
}: {
  gate: EngineGate;
  source: ArchiveSource;
  cmd: string[];
  readOnly: boolean;
}): Promise<Helper> => {
  const container = await gate
    .createContainer({
      Image: VOLUME_HELPER_IMAGE,
      Cmd: cmd,
      name: `ollamamax-backup-${randomUUID().slice(0, 8)}`,
      Labels: { [LABEL.managed]: VOLUME_HELPER_LABEL },
      NetworkDisabled: true,
      HostConfig: {
        NetworkMode: "none",
        Mounts: [
          {
            Type: source.kind === "volume" ? "volume" : "bind",
            Source: source.name,
            Target: VOLUME_HELPER_MOUNT,
            ReadOnly: readOnly,
          },
        ],
      },
    })
    .catch((error: unknown) => {
      // The source was checked before: a 404 here is the helper's image missing on this engine.
      if (isNotFound(error))
        throw new AppError(
          "conflict",
          `The backup helper image ${VOLUME_HELPER_IMAGE} is not on this engine: build it there (DOCKER_HOST=<engine> bash scripts/env/ensure-test-image.sh)`,
        );
      throw error;
    });
  return {
    container,
    remove: () =>
      container.remove({ force: true }).then(
        () => undefined,
        () => undefined,
      ),
  };
};

/** Starts the helper, waits for its exit and answers its output; a non-zero exit throws. */
const runToEnd = async (helper: Helper, what: string): Promise<string> => {
  await helper.container.start();
  const { StatusCode } = (await helper.container.wait()) as { StatusCode: number };
  const logs = (await helper.container.logs({
    stdout: true,
    stderr: true,
    follow: false,
  })) as unknown as Buffer;
  const { stdout, stderr } = demuxBuffer(Buffer.isBuffer(logs) ? logs : Buffer.from(String(logs)));
  if (StatusCode !== 0)
    throw new AppError(
      "engine_error",
      `The backup helper could not ${what} (exit ${StatusCode}): ${stderr.trim() || stdout.trim()}`,
    );
  return stdout;
};

/** Bytes the source's files take (du -sk, so a slight over-estimate): what a copy needs. */
export const archiveUsageBytes = async ({
  gate,
  source,
}: {
  gate: EngineGate;
  source: ArchiveSource;
}): Promise<number> => {
  const helper = await createHelper({
    gate,
    source,
    cmd: ["du", "-sk", VOLUME_HELPER_MOUNT],
    readOnly: true,
  });
  try {
    const out = await runToEnd(helper, `measure ${describeSource(source)}`);
    const kib = Number.parseInt(out.trim().split(/\s+/)[0] ?? "", 10);
    if (!Number.isFinite(kib))
      throw new AppError("engine_error", `du answered "${out.trim()}" for ${describeSource(source)}`);
    return kib * 1024;
  } finally {
    await helper.remove();
  }
};

/** The source's files as a tar stream (entries under `data/`); `done()` removes the helper. */
export const readArchive = async ({
  gate,
  source,
}: {
  gate: EngineGate;
  source: ArchiveSource;
}): Promise<{ stream: Readable; done: () => Promise<void> }> => {
  const helper = await createHelper({ gate, source, cmd: ["true"], readOnly: true });
  try {
    const stream = (await helper.container.getArchive({ path: VOLUME_HELPER_MOUNT })) as unknown as Readable;
    return { stream, done: helper.remove };
  } catch (error) {
    await helper.remove();
    throw error;
  }
};

/** Empties the source (a volume, or an existing folder), then writes a tar stream made by readArchive into it. */
export const writeArchive = async ({
  gate,
  source,
  archive,
}: {
  gate: EngineGate;
  source: ArchiveSource;
  archive: Readable;
}): Promise<void> => {
  const helper = await createHelper({
    gate,
    source,
    cmd: ["find", VOLUME_HELPER_MOUNT, "-mindepth", "1", "-maxdepth", "1", "-exec", "rm", "-rf", "{}", "+"],
    readOnly: false,
  });
  try {
    await runToEnd(helper, `empty ${describeSource(source)}`);
    await helper.container.putArchive(archive, { path: "/" });
  } finally {
    await helper.remove();
  }
};

type SourceUser = { id: string; name: string; state: string };

const userOf = (c: Docker.ContainerInfo): SourceUser => ({
  id: c.Id,
  name: (c.Names[0] ?? c.Id).replace(/^\//, ""),
  state: c.State,
});

/**
 * Whether a container uses `folder` through a bind mount (real paths): the folder or a path inside
 * it, or a folder holding it mounted read-write (a read-only parent, such as a topology's
 * `./:/workspace:ro`, cannot change it).
 */
const bindsOverlap = (c: Docker.ContainerInfo, folder: string): boolean =>
  (c.Mounts ?? [])
    .filter((m) => m.Type === "bind")
    .some((m) => {
      const source = realPath(m.Source);
      return isInside({ dir: folder, path: source }) || (m.RW && isInside({ dir: source, path: folder }));
    });

/** Containers (running, paused or stopped; not helpers) that mount `source` on the scope's engine. */
export const containersUsing = async ({ source }: { source: ArchiveSource }): Promise<SourceUser[]> => {
  const listed = await getDocker().listContainers({
    all: true,
    ...(source.kind === "volume" ? { filters: { volume: [source.name] } } : {}),
  });
  return listed
    .filter((c) => c.Labels[LABEL.managed] !== VOLUME_HELPER_LABEL)
    .filter((c) => source.kind === "volume" || bindsOverlap(c, source.name))
    .map(userOf);
};

/** Pauses running containers and answers how to unpause them (best effort, in reverse order). */
export const pauseContainers = async ({ ids }: { ids: string[] }): Promise<() => Promise<void>> => {
  const paused: string[] = [];
  try {
    for (const id of ids) {
      await getDocker().getContainer(id).pause();
      paused.push(id);
    }
  } catch (error) {
    for (const id of paused.reverse())
      await getDocker()
        .getContainer(id)
        .unpause()
        .catch(() => undefined);
    throw error;
  }
  return async () => {
    for (const id of [...paused].reverse())
      await getDocker()
        .getContainer(id)
        .unpause()
        .catch(() => undefined);
  };
};

/** Unpauses containers that are paused (others, and gone ones, are left as they are). */
export const unpauseContainers = async ({ ids }: { ids: string[] }): Promise<void> => {
  for (const id of ids) {
    const container = getDocker().getContainer(id);
    const state = await container.inspect().then(
      (info) => info.State.Status,
      () => null,
    );
    if (state === "paused") await container.unpause();
  }
};

/** Whether a volume exists on the scope's engine, with its labels. */
export const volumeLabels = async ({ name }: { name: string }): Promise<Record<string, string> | null> => {
  try {
    const info = await getDocker().getVolume(name).inspect();
    return (info.Labels ?? {}) as Record<string, string>;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return null;
    throw error;
  }
};

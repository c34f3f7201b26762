// Backups on the real engine (docs/BACKUPS.md): a topology's volume with data is backed up, wiped
// and restored byte-for-byte (sha256 of every file equal), also into another topology's volume;
// a backup with too little free space is refused before writing; a copy cut by a SIGKILL is
// incomplete and never restored; bad input (unknown backup, a mapping to a volume the target lacks
// or that does not exist, a target that runs, an unconfirmed mapping) is refused with nothing written.
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dockerOptions } from "@/lib/docker/client";
import { removeDockerObjects } from "./fixtures/deploy-support";
import { TEST_IMAGE } from "./fixtures/fixture-topology";
import { testActor } from "./fixtures/principal";
import { scratchDatabase, scratchFolder, scratchTopologies, topologyFolder } from "./fixtures/scratch-panel";

const tag = `${process.pid}${Math.random().toString(36).slice(2, 5)}`;
const A = `bka-${tag}`;
const B = `bkb-${tag}`;
const C = `bkc-${tag}`;
const scratch = scratchFolder("backups-int-");
scratchDatabase({ dir: scratch });
scratchTopologies({ dir: scratch });
const BACKUPS = path.join(scratch, "backups");
process.env.PANEL_BACKUPS_DIR = BACKUPS;
const compose = (name: string, volumes: string[]) => `name: ${name}
services:
  db:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    volumes:
${volumes.map((v) => `      - ${v}:/mnt/${v}`).join("\n")}
volumes:
${volumes.map((v) => `  ${v}: {}`).join("\n")}
`;
topologyFolder({ name: A, files: { "docker-compose.yml": compose(A, ["store"]) } });
topologyFolder({ name: B, files: { "docker-compose.yml": compose(B, ["store", "other"]) } });
topologyFolder({ name: C, files: { "docker-compose.yml": compose(C, ["bulk"]) } });

const docker = new Docker(dockerOptions(process.env.DOCKER_HOST));
const created: { volumes: string[]; containers: string[] } = { volumes: [], containers: [] };
const operator = testActor({ username: "keeper" });
const admin = testActor({ username: "chief", role: "admin" });

const makeVolume = async (name: string, project: string) => {
  await docker.createVolume({ Name: name, Labels: { "com.docker.compose.project": project } });
  created.volumes.push(name);
};

/** Runs a shell script in a throwaway container with `volume` at /data and answers its stdout. */
const inVolume = async (volume: string, script: string): Promise<string> => {
  const container = await docker.createContainer({
    Image: TEST_IMAGE,
    Cmd: ["sh", "-c", script],
    HostConfig: { Mounts: [{ Type: "volume", Source: volume, Target: "/data" }], NetworkMode: "none" },
  });
  try {
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    const logs = (await container.logs({ stdout: true, stderr: true })) as unknown as Buffer;
    const { demuxBuffer } = await import("@/lib/docker/demux");
    const { stdout, stderr } = demuxBuffer(logs);
    if (StatusCode !== 0) throw new Error(`script failed (${StatusCode}): ${stderr}`);
    return stdout;
  } finally {
    await container.remove({ force: true });
  }
};

/** sha256 of every regular file under /data, as "hash  path" lines sorted by path. */
const hashes = (volume: string) =>
  inVolume(volume, 'cd /data && find . -type f | sort | while read -r f; do sha256sum "$f"; done');

const FILL = [
  "mkdir -p /data/pg/base/16384 /data/deep/$(printf 'x%.0s' $(seq 1 120))",
  "dd if=/dev/urandom of=/data/pg/base/16384/2619 bs=1024 count=3000 2>/dev/null",
  "printf 'row 1\\nrow 2\\n' > /data/pg/PG_VERSION",
  ": > /data/empty",
  "dd if=/dev/urandom of=/data/deep/$(printf 'x%.0s' $(seq 1 120))/long-named-file-$(printf 'y%.0s' $(seq 1 80)).bin bs=777 count=3 2>/dev/null",
  "ln -s pg/PG_VERSION /data/version-link",
].join(" && ");

let before = "";

beforeAll(async () => {
  await makeVolume(`${A}_store`, A);
  await makeVolume(`${B}_store`, B);
  await makeVolume(`${C}_bulk`, C);
  await inVolume(`${A}_store`, FILL);
  await inVolume(`${B}_store`, "echo sentinel > /data/sentinel");
  before = await hashes(`${A}_store`);
}, 120_000);

afterAll(async () => {
  const { setBackupFreeBytesReader } = await import("@/lib/operations/backups");
  setBackupFreeBytesReader(undefined);
  await removeDockerObjects({ docker, containers: created.containers });
  const helpers = await docker.listContainers({
    all: true,
    filters: { label: ["org.ollamamax.managed=backup-helper"] },
  });
  for (const helper of helpers)
    await docker
      .getContainer(helper.Id)
      .remove({ force: true })
      .catch(() => undefined);
  await removeDockerObjects({ docker, volumes: created.volumes });
}, 60_000);

describe("backups on the real engine", () => {
  let backupId = "";

  it("backs up a volume with per-file sha256 equal to the files' own, and lists it complete", async () => {
    const { startBackup, listBackups } = await import("@/lib/operations/backups");
    const { id, done } = await startBackup({ ...operator, request: { topology: A, pause: true } });
    await done;
    backupId = id;
    const [listed] = await listBackups({ topology: A });
    expect(listed).toMatchObject({
      id,
      complete: true,
      state: "complete",
      consistency: "stopped",
      runId: null,
    });
    const files = listed?.volumes[0]?.files ?? [];
    const fromBackup = files
      .map((f) => `${f.sha256}  ./${f.path.replace(/^data\//, "")}`)
      .sort((a, b) => (a.slice(66) < b.slice(66) ? -1 : 1));
    expect(fromBackup.join("\n")).toBe(before.trim());
    expect(files.length).toBe(4);
    expect(listed?.sizeBytes).toBe(3000 * 1024 + 12 + 3 * 777);
    const folder = readdirSync(path.join(BACKUPS, A));
    expect(folder).toHaveLength(1);
    expect(folder[0]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\dZ_${id}$`));
    expect(readdirSync(path.join(BACKUPS, A, folder[0] ?? ""))).not.toContain("INCOMPLETE");
  }, 120_000);

  it("restores byte-for-byte into the wiped volume, only after the mapping is confirmed", async () => {
    const { restoreBackup } = await import("@/lib/operations/backups");
    await inVolume(`${A}_store`, "rm -rf /data/* && echo replaced > /data/pg-replaced");
    const replaced = await hashes(`${A}_store`);
    await expect(
      restoreBackup({ ...operator, id: backupId, request: { confirm: false } }),
    ).rejects.toMatchObject({
      code: "bad_request",
      message: expect.stringMatching(/^confirm: .*store → bka-/),
    });
    expect(await hashes(`${A}_store`)).toBe(replaced);
    await restoreBackup({ ...operator, id: backupId, request: { confirm: true } });
    expect(await hashes(`${A}_store`)).toBe(before);
    expect((await inVolume(`${A}_store`, "readlink /data/version-link")).trim()).toBe("pg/PG_VERSION");
  }, 120_000);

  it("restores into another topology's matching volume", async () => {
    const { restoreBackup } = await import("@/lib/operations/backups");
    await restoreBackup({
      ...operator,
      id: backupId,
      request: { topology: B, mapping: { store: "store" }, confirm: true },
    });
    expect(await hashes(`${B}_store`)).toBe(before);
  }, 120_000);

  it("refuses bad input with a clear 4xx and writes nothing", async () => {
    const { restoreBackup } = await import("@/lib/operations/backups");
    await inVolume(`${B}_store`, "rm -rf /data/* && echo sentinel > /data/sentinel");
    const sentinel = await hashes(`${B}_store`);
    const restore = (request: Parameters<typeof restoreBackup>[0]["request"], id = backupId) =>
      restoreBackup({ ...operator, id, request });
    await expect(restore({ confirm: true }, "bak-nope")).rejects.toMatchObject({ code: "not_found" });
    await expect(
      restore({ topology: B, mapping: { store: "missing" }, confirm: true }),
    ).rejects.toMatchObject({
      code: "bad_request",
      details: [{ path: "mapping" }],
      message: expect.stringContaining(`${B} has no volume or data folder "missing"`),
    });
    await expect(
      restore({ topology: B, mapping: { nothing: "store" }, confirm: true }),
    ).rejects.toMatchObject({
      code: "bad_request",
      details: [{ path: "mapping" }],
    });
    // B's "other" is declared but was never created on the engine.
    await expect(restore({ topology: B, mapping: { store: "other" }, confirm: true })).rejects.toMatchObject({
      code: "bad_request",
      message: expect.stringContaining("does not exist on this engine"),
    });
    await expect(restore({ topology: "no-such-topology", confirm: true })).rejects.toMatchObject({
      code: "not_found",
    });
    const running = await docker.createContainer({
      Image: TEST_IMAGE,
      Cmd: ["sleep", "600"],
      name: `${B}-db-1`,
      HostConfig: {
        Mounts: [{ Type: "volume", Source: `${B}_store`, Target: "/data" }],
        NetworkMode: "none",
      },
    });
    created.containers.push(running.id);
    await running.start();
    await expect(restore({ topology: B, mapping: { store: "store" }, confirm: true })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining(`${B} is running`),
    });
    await running.remove({ force: true });
    expect(await hashes(`${B}_store`)).toBe(sentinel);
  }, 120_000);

  it("refuses a deploy, teardown, scale or second backup of the topology while its backup copies, naming the backup", async () => {
    const { startBackup } = await import("@/lib/operations/backups");
    const { requestDeploy, requestTeardown } = await import("@/lib/operations/deploy");
    const { requestScale } = await import("@/lib/operations/scale");
    const { id, done } = await startBackup({ ...operator, request: { topology: A, pause: true } });
    const refusal = { code: "conflict", message: expect.stringContaining(`(backup ${id})`) };
    await expect(
      requestDeploy({
        ...operator,
        request: {
          topology: A,
          strategy: "dag",
          tuning: {},
          health: {},
          fit: "clamp",
          freshData: false,
          keepOnFailure: false,
        },
      }),
    ).rejects.toMatchObject(refusal);
    await expect(
      requestTeardown({ ...operator, topologyName: A, removeVolumes: true }),
    ).rejects.toMatchObject(refusal);
    // One check for every action that changes the project (lib/operations/project-claims.ts).
    await expect(
      requestScale({ ...operator, direction: "down", topologyName: A, count: 1 }),
    ).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining(`(backup ${id}): scale it`),
    });
    await expect(startBackup({ ...operator, request: { topology: A, pause: false } })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining(`(backup ${id}): back it up`),
    });
    await done;
    // Nothing was created or removed meanwhile: the volume is still there with the same files.
    expect(await hashes(`${A}_store`)).toBe(before);
    const { activeCopyOf } = await import("@/lib/backups/active-copies");
    expect(activeCopyOf({ environment: null, project: A })).toBeUndefined();
  }, 120_000);

  it("pauses a running service for the copy and says so", async () => {
    const { startBackup, listBackups } = await import("@/lib/operations/backups");
    const user = await docker.createContainer({
      Image: TEST_IMAGE,
      Cmd: ["sleep", "600"],
      HostConfig: {
        Mounts: [{ Type: "volume", Source: `${A}_store`, Target: "/data" }],
        NetworkMode: "none",
      },
    });
    created.containers.push(user.id);
    await user.start();
    const { id, done } = await startBackup({ ...operator, request: { topology: A, pause: true } });
    await done;
    expect((await listBackups({ topology: A })).find((b) => b.id === id)).toMatchObject({
      consistency: "paused",
      complete: true,
    });
    expect((await user.inspect()).State.Status).toBe("running");
    const live = await startBackup({ ...operator, request: { topology: A, pause: false } });
    await live.done;
    expect((await listBackups({ topology: A })).find((b) => b.id === live.id)).toMatchObject({
      consistency: "live",
    });
    await user.remove({ force: true });
  }, 120_000);

  it("refuses a backup with too little free space before writing anything", async () => {
    const { startBackup, listBackups, setBackupFreeBytesReader } = await import("@/lib/operations/backups");
    const listFolders = () => (existsSync(path.join(BACKUPS, A)) ? readdirSync(path.join(BACKUPS, A)) : []);
    const folders = listFolders();
    const rows = (await listBackups({})).length;
    setBackupFreeBytesReader(async () => 1_000_000);
    try {
      await expect(startBackup({ ...operator, request: { topology: A, pause: true } })).rejects.toMatchObject(
        {
          code: "insufficient_storage",
          message: expect.stringContaining(`${path.join(BACKUPS, A)} has 0.95 MiB free`),
        },
      );
    } finally {
      setBackupFreeBytesReader(undefined);
    }
    expect(listFolders()).toEqual(folders);
    expect((await listBackups({})).length).toBe(rows);
  }, 60_000);

  it("marks a copy cut by a SIGKILL incomplete, never restores it, and unpauses what it paused at the next boot", async () => {
    const { listBackups, restoreBackup, recoverBackupsAtBoot } = await import("@/lib/operations/backups");
    await inVolume(`${C}_bulk`, "dd if=/dev/urandom of=/data/big bs=1M count=150 2>/dev/null");
    const user = await docker.createContainer({
      Image: TEST_IMAGE,
      Cmd: ["sleep", "600"],
      HostConfig: { Mounts: [{ Type: "volume", Source: `${C}_bulk`, Target: "/data" }], NetworkMode: "none" },
    });
    created.containers.push(user.id);
    await user.start();
    const child = spawn("npx", ["tsx", "test/fixtures/backup-child.ts", C, "pause"], {
      env: { ...process.env },
      stdio: ["ignore", "pipe", "inherit"],
      detached: true,
    });
    const topologyDir = path.join(BACKUPS, C);
    const marked = () =>
      existsSync(topologyDir) &&
      readdirSync(topologyDir).some((f) => {
        const volumes = path.join(topologyDir, f, "volumes");
        return (
          existsSync(path.join(topologyDir, f, "INCOMPLETE")) &&
          existsSync(volumes) &&
          readdirSync(volumes).length > 0
        );
      });
    const deadline = Date.now() + 90_000;
    while (!marked() && Date.now() < deadline && child.exitCode === null)
      await new Promise((r) => setTimeout(r, 10));
    expect(marked()).toBe(true);
    process.kill(-(child.pid ?? 0), "SIGKILL");
    await new Promise((r) => child.once("exit", r));
    const cutFolder = readdirSync(topologyDir)[0] ?? "";
    expect(readdirSync(path.join(topologyDir, cutFolder))).toContain("PAUSED");
    expect((await user.inspect()).State.Status).toBe("paused");
    const [cut] = await listBackups({ topology: C });
    expect(cut).toMatchObject({ state: "incomplete", complete: false, volumes: [] });
    await expect(
      restoreBackup({ ...operator, id: cut?.id ?? "", request: { confirm: true } }),
    ).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("incomplete"),
    });
    expect(await recoverBackupsAtBoot()).toEqual([user.id]);
    expect((await user.inspect()).State.Status).toBe("running");
    expect(await recoverBackupsAtBoot()).toEqual([]);
    await user.remove({ force: true });
  }, 180_000);

  it("lets an admin delete a backup, folder and all", async () => {
    const { deleteBackup, listBackups } = await import("@/lib/operations/backups");
    const folders = readdirSync(path.join(BACKUPS, A)).length;
    await deleteBackup({ ...admin, id: backupId });
    expect((await listBackups({ topology: A })).some((b) => b.id === backupId)).toBe(false);
    expect(readdirSync(path.join(BACKUPS, A))).toHaveLength(folders - 1);
  });
});

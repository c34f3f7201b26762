// Backups of a topology's data folders on the real engine (docs/BACKUPS.md "What is copied"): a
// ./data folder with files is backed up beside a named volume, wiped and restored byte-for-byte
// (sha256 of every file equal); a bind outside the topology's folder, a read-only config folder and
// a link out of the folder are listed as not copied, and what a link inside the data folder points
// to outside is neither copied nor touched; a running container binding the folder is paused for the
// copy and makes a restore into it a 409; a restore into another topology creates its missing
// folder inside its own folder; an engine off the panel's host copies the volume and states why it
// copies no folder.
import { createHash } from "node:crypto";
import net from "node:net";
import os from "node:os";
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dockerOptions } from "@/lib/docker/client";
import { removeDockerObjects } from "./fixtures/deploy-support";
import { TEST_IMAGE } from "./fixtures/fixture-topology";
import { testActor } from "./fixtures/principal";
import { scratchDatabase, scratchFolder, scratchTopologies, topologyFolder } from "./fixtures/scratch-panel";

const tag = `${process.pid}${Math.random().toString(36).slice(2, 5)}`;
const [F, G] = [`bff-${tag}`, `bfg-${tag}`];
const scratch = realpathSync(scratchFolder("backups-folders-int-"));
scratchDatabase({ dir: scratch });
const topologies = scratchTopologies({ dir: scratch });
process.env.PANEL_BACKUPS_DIR = path.join(scratch, "backups");
process.env.JWT_SECRET ??= "backups-folders-int-test-secret-0123456789abcdef";
const OUTSIDE = path.join(scratch, "outside");
const compose = (name: string) => `name: ${name}
services:
  db:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    volumes:
      - ./data/db:/var/lib/db
      - ./conf:/etc/conf:ro
      - ${OUTSIDE}:/outside
      - ./data/escape:/escape
      - store:/store
volumes:
  store: {}
`;
topologyFolder({ name: F, files: { "docker-compose.yml": compose(F), "conf/app.ini": "a=1\n" } });
topologyFolder({ name: G, files: { "docker-compose.yml": compose(G), "conf/app.ini": "a=1\n" } });
const dirOf = (name: string) => realpathSync(path.join(topologies, name));
const dataOf = (name: string) => path.join(dirOf(name), "data", "db");

const docker = new Docker(dockerOptions(process.env.DOCKER_HOST));
const operator = testActor({ username: "folder-keeper" });
const admin = testActor({ username: "folder-admin", role: "admin" });
const created: { volumes: string[]; containers: string[] } = { volumes: [], containers: [] };

/** "sha256  path" of every regular file under `dir`, sorted; links as "-> target". */
const hashes = (dir: string): string[] => {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, name.name);
      const rel = path.relative(dir, full);
      if (name.isSymbolicLink()) out.push(`link  ${rel} -> ${readlinkSync(full)}`);
      else if (name.isDirectory()) walk(full);
      else out.push(`${createHash("sha256").update(readFileSync(full)).digest("hex")}  ${rel}`);
    }
  };
  walk(dir);
  return out.sort();
};

const fill = (dir: string) => {
  const long = `${"deep-".repeat(25)}folder`;
  mkdirSync(path.join(dir, "base", long), { recursive: true });
  writeFileSync(path.join(dir, "base", "2619"), Buffer.alloc(2_000_000, 7));
  writeFileSync(path.join(dir, "base", long, `${"n".repeat(110)}.bin`), "long name\n");
  writeFileSync(path.join(dir, "PG_VERSION"), "15\n");
  writeFileSync(path.join(dir, "empty"), "");
  symlinkSync("PG_VERSION", path.join(dir, "version-link"));
  symlinkSync(OUTSIDE, path.join(dir, "outside-link"));
};

/** A container (not of the panel) binding F's data folder, running `sleep`. */
const folderUser = async () => {
  const container = await docker.createContainer({
    Image: TEST_IMAGE,
    Cmd: ["sleep", "600"],
    HostConfig: { NetworkMode: "none", Binds: [`${dataOf(F)}:/db`] },
  });
  created.containers.push(container.id);
  await container.start();
  return container;
};

let before: string[] = [];

beforeAll(async () => {
  mkdirSync(OUTSIDE);
  writeFileSync(path.join(OUTSIDE, "sentinel"), "outside the topology\n");
  mkdirSync(dataOf(F), { recursive: true });
  fill(dataOf(F));
  symlinkSync(OUTSIDE, path.join(dirOf(F), "data", "escape"));
  before = hashes(dataOf(F));
  for (const name of [F, G]) {
    await docker.createVolume({ Name: `${name}_store`, Labels: { "com.docker.compose.project": name } });
    created.volumes.push(`${name}_store`);
  }
}, 60_000);

afterAll(() => removeDockerObjects({ docker, ...created }), 60_000);

type Listed = Awaited<ReturnType<typeof import("@/lib/operations/backups").listBackups>>[number];

describe("backups of data folders on the real engine", () => {
  let backup: Listed | undefined;

  it("copies the ./data folder with every file's sha256, pausing the container that binds it, and lists what it left out", async () => {
    const { startBackup, listBackups } = await import("@/lib/operations/backups");
    const user = await folderUser();
    const { id, done } = await startBackup({ ...operator, request: { topology: F, pause: true } });
    await done;
    [backup] = await listBackups({ topology: F });
    expect(backup, JSON.stringify(backup)).toMatchObject({ id, complete: true, consistency: "paused" });
    expect((await user.inspect()).State.Status).toBe("running");
    await user.remove({ force: true });
    expect(backup?.volumes.map((v) => [v.name, v.kind, v.dockerName])).toEqual([
      ["store", "volume", `${F}_store`],
      ["bind:data/db", "folder", dataOf(F)],
    ]);
    const folder = backup?.volumes.find((v) => v.kind === "folder");
    const fromBackup = (folder?.files ?? []).map((f) => `${f.sha256}  ${f.path.replace(/^data\//, "")}`);
    expect(
      [...fromBackup, "link  outside-link -> " + OUTSIDE, "link  version-link -> PG_VERSION"].sort(),
    ).toEqual(before);
    expect(folder?.sizeBytes).toBe(2_000_000 + 10 + 3);
    // Nothing of the folder the link points to is in the backup.
    expect(JSON.stringify(backup?.volumes)).not.toContain("sentinel");
    const why = Object.fromEntries((backup?.notCopied ?? []).map((n) => [n.source, n.why]));
    expect(why).toEqual({
      "./conf": expect.stringContaining("read-only"),
      [OUTSIDE]: "not copied: outside the topology's folder",
      "./data/escape": expect.stringContaining("symbolic link"),
      "bind:data/db: outside-link": expect.stringContaining(`a symbolic link to ${OUTSIDE}`),
    });
  }, 120_000);

  it("restores the wiped folder byte-for-byte once confirmed, leaving what its link points to alone", async () => {
    const { restoreBackup } = await import("@/lib/operations/backups");
    rmSync(dataOf(F), { recursive: true, force: true });
    mkdirSync(dataOf(F));
    writeFileSync(path.join(dataOf(F), "replaced"), "new\n");
    const replaced = hashes(dataOf(F));
    await expect(
      restoreBackup({ ...operator, id: backup?.id ?? "", request: { confirm: false } }),
    ).rejects.toMatchObject({
      code: "bad_request",
      message: expect.stringContaining(`bind:data/db → ${dataOf(F)}`),
    });
    expect(hashes(dataOf(F))).toEqual(replaced);
    const answer = await restoreBackup({ ...operator, id: backup?.id ?? "", request: { confirm: true } });
    expect(answer.mapping).toEqual([
      { from: "store", to: `${F}_store`, kind: "volume" },
      { from: "bind:data/db", to: dataOf(F), kind: "folder" },
    ]);
    expect(hashes(dataOf(F))).toEqual(before);
    expect(readdirSync(OUTSIDE)).toEqual(["sentinel"]);
  }, 120_000);

  it("refuses a restore into a folder a running container binds (409), writing nothing", async () => {
    const { restoreBackup } = await import("@/lib/operations/backups");
    writeFileSync(path.join(dataOf(F), "PG_VERSION"), "16\n");
    const changed = hashes(dataOf(F));
    const user = await folderUser();
    await expect(
      restoreBackup({ ...operator, id: backup?.id ?? "", request: { confirm: true } }),
    ).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining(`folder ${dataOf(F)}`),
    });
    await user.remove({ force: true });
    expect(hashes(dataOf(F))).toEqual(changed);
  }, 60_000);

  it("restores into another topology's data folder, creating it inside that topology's folder", async () => {
    const { restoreBackup } = await import("@/lib/operations/backups");
    expect(() => statSync(dataOf(G))).toThrow();
    await restoreBackup({
      ...operator,
      id: backup?.id ?? "",
      request: { topology: G, mapping: { "bind:data/db": "bind:data/db" }, confirm: true },
    });
    expect(hashes(dataOf(G))).toEqual(before);
    await expect(
      restoreBackup({
        ...operator,
        id: backup?.id ?? "",
        request: { topology: G, mapping: { "bind:data/db": "bind:conf" }, confirm: true },
      }),
    ).rejects.toMatchObject({ code: "bad_request", details: [{ path: "mapping" }] });
  }, 120_000);

  it("copies only the volume from an engine off the panel's host, saying why no folder", async () => {
    const { addEnvironment } = await import("@/lib/operations/environments");
    const { startBackup, listBackups, restoreBackup } = await import("@/lib/operations/backups");
    // The same engine through a TCP proxy on this host's non-loopback address: not "on this host".
    const address = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a?.family === "IPv4" && !a.internal)?.address;
    expect(address, "a non-loopback IPv4 address").toBeTruthy();
    const socketPath =
      (dockerOptions(process.env.DOCKER_HOST).socketPath as string) ?? "/var/run/docker.sock";
    const sockets = new Set<net.Socket>();
    const proxy = net.createServer((client) => {
      sockets.add(client);
      client.on("close", () => sockets.delete(client));
      const upstream = net.connect(socketPath);
      upstream.on("error", () => client.destroy());
      client.on("error", () => upstream.destroy());
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => proxy.listen(0, address, resolve));
    try {
      const port = (proxy.address() as net.AddressInfo).port;
      await addEnvironment({ ...admin, request: { name: "far-engine", url: `tcp://${address}:${port}` } });
      const { id, done } = await startBackup({
        ...operator,
        request: { topology: F, pause: false, environment: "far-engine" },
      });
      await done;
      const far = (await listBackups({ topology: F })).find((b) => b.id === id);
      expect(far, JSON.stringify(far)).toMatchObject({ complete: true });
      expect(far?.volumes.map((v) => v.name)).toEqual(["store"]);
      expect(far?.notCopied.find((n) => n.source === "./data/db")?.why).toContain(
        "the engine (far-engine) is not on the panel's host",
      );
      await expect(
        restoreBackup({
          ...operator,
          id: backup?.id ?? "",
          request: { environment: "far-engine", confirm: true },
        }),
      ).rejects.toMatchObject({
        code: "bad_request",
        message: expect.stringContaining(
          "is a data folder and the engine (far-engine) is not on the panel's host",
        ),
      });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  }, 120_000);
});

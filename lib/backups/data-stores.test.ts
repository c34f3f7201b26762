import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { VolumeMount } from "@/lib/compose/types";
import { fixtureService, fixtureTopology } from "@/test/fixtures/fixture-topology";
import { createMissingFolder, dataStoresOf, shownKey } from "./data-stores";

const root = mkdtempSync(join(tmpdir(), "data-stores-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const dir = join(root, "topology");
for (const folder of ["data/postgres/base", "data/redis", "elsewhere"])
  mkdirSync(join(dir, folder), { recursive: true });
mkdirSync(join(root, "outside"));
const real = (...parts: string[]) => join(realpathSync(dir), ...parts);
const bind = (source: string, target: string, readOnly = false): VolumeMount => ({
  type: "bind",
  source: join(dir, source),
  target,
  readOnly,
});
const topology = fixtureTopology({
  project: "stores",
  dir,
  services: [
    fixtureService({
      name: "postgres",
      volumes: [
        bind("data/postgres", "/var/lib/postgresql/data"),
        { type: "volume", source: "scratch", target: "/scratch", readOnly: false },
      ],
    }),
    fixtureService({ name: "backup-agent", volumes: [bind("data/postgres", "/pg")] }),
    fixtureService({ name: "redis", volumes: [bind("data/redis", "/data"), bind("data/redis/aof", "/aof")] }),
    fixtureService({ name: "minio", volumes: [bind("data/minio", "/data")] }),
    fixtureService({ name: "web", volumes: [bind("nginx.conf", "/etc/nginx/nginx.conf", true)] }),
    fixtureService({
      name: "agent",
      volumes: [{ type: "bind", source: "/var/run/docker.sock", target: "/sock", readOnly: false }],
    }),
  ],
  volumes: [{ name: "scratch", dockerName: "stores_scratch", driver: "local", external: false }],
});

describe("dataStoresOf", () => {
  it("answers the own volumes, then each data folder once with every service that mounts it", async () => {
    const { stores } = await dataStoresOf({ topology, engine: { onThisHost: true, name: "local" } });
    expect(stores).toEqual([
      {
        key: "scratch",
        source: { kind: "volume", name: "stores_scratch" },
        services: ["postgres"],
        exists: true,
      },
      {
        key: "bind:data/postgres",
        source: { kind: "folder", name: real("data/postgres") },
        services: ["postgres", "backup-agent"],
        exists: true,
      },
      {
        key: "bind:data/redis",
        source: { kind: "folder", name: real("data/redis") },
        services: ["redis"],
        exists: true,
      },
      {
        key: "bind:data/minio",
        source: { kind: "folder", name: real("data/minio") },
        services: ["minio"],
        exists: false,
      },
    ]);
  });

  it("lists a folder inside a copied one and every bind that is no data folder as not copied, with why", async () => {
    const { notCopied } = await dataStoresOf({ topology, engine: { onThisHost: true, name: "local" } });
    expect(notCopied).toEqual([
      {
        source: "./nginx.conf",
        services: ["web"],
        why: "not copied: mounted read-only (configuration, not data a service writes)",
      },
      {
        source: "/var/run/docker.sock",
        services: ["agent"],
        why: "not copied: outside the topology's folder",
      },
      {
        source: "./data/redis/aof",
        services: ["redis"],
        why: "not copied on its own: it lies inside ./data/redis, which is copied whole",
      },
    ]);
  });

  it("copies no data folder from an engine off the panel's host, saying so; volumes stay", async () => {
    const { stores, notCopied } = await dataStoresOf({
      topology,
      engine: { onThisHost: false, name: "far-away" },
    });
    expect(stores.map((s) => s.key)).toEqual(["scratch"]);
    expect(notCopied.filter((n) => n.why.includes("far-away")).map((n) => n.source)).toEqual([
      "./data/postgres",
      "./data/redis",
      "./data/redis/aof",
      "./data/minio",
    ]);
  });

  it("names keys as a not-copied entry does", () => {
    expect(shownKey("bind:data/postgres")).toBe("./data/postgres");
    expect(shownKey("scratch")).toBe("volume scratch");
  });
});

describe("createMissingFolder", () => {
  it("makes a missing data folder inside the topology's folder, and refuses one a link took out meanwhile", async () => {
    await createMissingFolder({ dir, realPath: real("data/new/inner") });
    expect(realpathSync(join(dir, "data/new/inner"))).toBe(real("data/new/inner"));
    symlinkSync(join(root, "outside"), join(dir, "data", "moved"));
    await expect(createMissingFolder({ dir, realPath: real("data/moved/inner") })).rejects.toMatchObject({
      code: "conflict",
    });
    expect(() => realpathSync(join(root, "outside", "inner"))).toThrow();
  });
});

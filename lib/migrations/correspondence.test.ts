import { describe, expect, it } from "vitest";
import type { NamedVolume, Service } from "@/lib/compose/types";
import { fixtureService, fixtureTopology } from "@/test/fixtures/fixture-topology";
import { loadTopology } from "@/lib/compose/load-topology";
import { SHIPPED, TEST_SECRETS } from "@/lib/compose/test-support";
import { correspondenceOfMapping, dataKindOf, proposeCorrespondence, withoutFolders } from "./correspondence";
import { FORWARD_STEPS, planMigration, ROLLBACK_STEPS } from "./steps";

const volume = (project: string, name: string): NamedVolume => ({
  name,
  dockerName: `${project}_${name}`,
  driver: "local",
  external: false,
});
const mounting = (name: string, image: string, mounts: [string, string][]): Service =>
  fixtureService({
    name,
    image,
    volumes: mounts.map(([source, target]) => ({ type: "volume", source, target, readOnly: false })),
  });
/** A service bind-mounting `source` (resolved, as the loader gives it) at `target`. */
const binding = (name: string, image: string, source: string, target: string, readOnly = false): Service =>
  fixtureService({ name, image, volumes: [{ type: "bind", source, target, readOnly }] });

// A: postgres under "db" on pg-data, minio on blobs, a node volume; B: the same roles under other names.
const A = fixtureTopology({
  project: "mig-a",
  dir: "/srv/mig-a",
  services: [
    mounting("db", "ollamamax-local/postgres:15", [["pg-data", "/var/lib/postgresql/data"]]),
    mounting("minio", "minio/minio", [["blobs", "/data"]]),
    mounting("ollama-node-1", "node", [["node-1-data", "/app/data"]]),
    binding("redis", "redis:7", "/srv/mig-a/data/redis", "/data"),
  ],
  volumes: [volume("mig-a", "pg-data"), volume("mig-a", "blobs"), volume("mig-a", "node-1-data")],
});
const B = fixtureTopology({
  project: "mig-b",
  services: [
    mounting("postgres", "postgres:16", [["postgres-store", "/var/lib/postgresql/data"]]),
    mounting("objects", "minio/minio:latest", [["minio-store", "/data"]]),
    mounting("ollama-node-1", "node", [["node-1-data", "/app/data"]]),
  ],
  volumes: [
    volume("mig-b", "postgres-store"),
    volume("mig-b", "minio-store"),
    volume("mig-b", "node-1-data"),
  ],
});

describe("the volume correspondence of a migration", () => {
  it("knows a data service by its name, else by its image", () => {
    expect(dataKindOf({ name: "db", image: "ollamamax-local/postgres:15" })).toBe("postgres");
    expect(dataKindOf({ name: "minio", image: "x" })).toBe("minio");
    expect(dataKindOf({ name: "cache", image: "library/redis:7" })).toBe("redis");
    expect(dataKindOf({ name: "ollama-node-1", image: "node" })).toBeNull();
  });

  it("pairs postgres and minio by service kind, other volumes by name, and names what stays behind", () => {
    const { pairs, notCarried } = proposeCorrespondence({ from: A, to: B });
    expect(pairs.map((p) => [p.from, p.to, p.kind, p.why])).toEqual([
      ["pg-data", "postgres-store", "postgres", "postgres service"],
      ["blobs", "minio-store", "minio", "minio service"],
      ["node-1-data", "node-1-data", null, "same volume name"],
    ]);
    expect(pairs[0]).toMatchObject({ fromService: "db", toService: "postgres" });
    // redis keeps its data in a data folder B has no counterpart for: shown as not carried, with the reason.
    expect(notCarried).toEqual([
      { from: "bind:data/redis", service: "redis", why: "B has no corresponding volume or data folder" },
    ]);
  });

  it("leaves a volume B has no counterpart for out, saying so", () => {
    const { pairs, notCarried } = proposeCorrespondence({ from: B, to: A });
    expect(pairs.map((p) => `${p.from}→${p.to}`)).toEqual([
      "postgres-store→pg-data",
      "minio-store→blobs",
      "node-1-data→node-1-data",
    ]);
    expect(notCarried).toEqual([]);
    const lone = fixtureTopology({ project: "lone", services: [], volumes: [volume("lone", "x")] });
    expect(proposeCorrespondence({ from: A, to: lone }).pairs).toEqual([]);
    expect(proposeCorrespondence({ from: A, to: lone }).notCarried.map((n) => n.why)).toContain(
      "B has no corresponding volume or data folder",
    );
  });

  it("takes a person's mapping whole, and names each bad entry by its field", () => {
    const asked = correspondenceOfMapping({ from: A, to: B, mapping: { "pg-data": "postgres-store" } });
    expect(asked.ok && asked.correspondence.pairs.map((p) => [p.from, p.to, p.kind])).toEqual([
      ["pg-data", "postgres-store", "postgres"],
    ]);
    expect(asked.ok && asked.correspondence.notCarried.map((n) => n.from)).toEqual([
      "blobs",
      "node-1-data",
      "bind:data/redis",
    ]);
    const bad = correspondenceOfMapping({
      from: A,
      to: B,
      mapping: {
        "pg-data": "nope",
        missing: "minio-store",
        blobs: "minio-store",
        "node-1-data": "minio-store",
      },
    });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems.map((p) => p.path)).toEqual([
      "mapping.pg-data",
      "mapping.missing",
      "mapping.node-1-data",
    ]);
    expect(!bad.ok && bad.problems[0]?.message).toContain('B has no named volume or data folder "nope"');
  });
});

// Data folders: C keeps postgres and redis in ./data folders, D keeps postgres in ./pg/main and
// redis in a volume; both mount a read-only config folder and a file that are no data.
const C = fixtureTopology({
  project: "mig-c",
  dir: "/srv/mig-c",
  services: [
    binding("postgres", "postgres:16", "/srv/mig-c/data/postgres", "/var/lib/postgresql/data"),
    binding("redis", "redis:7", "/srv/mig-c/data/redis", "/data"),
    binding("web", "nginx", "/srv/mig-c/conf", "/etc/nginx/conf.d", true),
    binding("notes", "busybox", "/srv/mig-c/data/notes", "/notes"),
  ],
});
const D = fixtureTopology({
  project: "mig-d",
  dir: "/srv/mig-d",
  services: [
    binding("db", "ollamamax-local/postgres:15", "/srv/mig-d/pg/main", "/var/lib/postgresql/data"),
    mounting("cache", "redis:7", [["redis-store", "/data"]]),
    binding("web", "nginx", "/srv/mig-d/conf", "/etc/nginx/conf.d", true),
    binding("notes", "busybox", "/srv/mig-d/data/notes", "/notes"),
    binding("outsider", "busybox", "/var/lib/elsewhere", "/x"),
  ],
  volumes: [volume("mig-d", "redis-store")],
});

describe("the correspondence of data folders", () => {
  it("carries a data folder by service kind (folder to folder, folder to volume) or by its path, never a read-only one", () => {
    const { pairs, notCarried } = proposeCorrespondence({ from: C, to: D });
    expect(pairs.map((p) => [p.from, p.to, p.kind, p.why])).toEqual([
      ["bind:data/postgres", "bind:pg/main", "postgres", "postgres service"],
      ["bind:data/redis", "redis-store", "redis", "redis service"],
      ["bind:data/notes", "bind:data/notes", null, "same data folder"],
    ]);
    expect(pairs[0]).toMatchObject({ fromService: "postgres", toService: "db" });
    expect(notCarried).toEqual([]);
    // Back again: D's redis volume goes to C's redis folder; D's folder outside its own folder is no data folder.
    expect(proposeCorrespondence({ from: D, to: C }).pairs.map((p) => `${p.from}→${p.to}`)).toEqual([
      "redis-store→bind:data/redis",
      "bind:pg/main→bind:data/postgres",
      "bind:data/notes→bind:data/notes",
    ]);
  });

  it("takes data folders in a person's mapping, naming a folder B lacks", () => {
    const asked = correspondenceOfMapping({
      from: C,
      to: D,
      mapping: { "bind:data/postgres": "bind:pg/main" },
    });
    expect(asked.ok && asked.correspondence.pairs.map((p) => [p.from, p.to, p.kind])).toEqual([
      ["bind:data/postgres", "bind:pg/main", "postgres"],
    ]);
    const bad = correspondenceOfMapping({ from: C, to: D, mapping: { "bind:conf": "bind:conf" } });
    expect(!bad.ok && bad.problems).toEqual([
      expect.objectContaining({ path: "mapping.bind:conf", message: expect.stringContaining("A has no") }),
    ]);
  });

  it("names every folder pair as not carried on an engine off the panel's host", () => {
    const off = withoutFolders(proposeCorrespondence({ from: C, to: D }), "remote");
    expect(off.pairs.map((p) => p.from)).toEqual([]);
    expect(off.notCarried.map((n) => [n.from, n.why])).toEqual([
      ["bind:data/postgres", "remote"],
      ["bind:data/redis", "remote"],
      ["bind:data/notes", "remote"],
    ]);
  });

  it("carries the shipped original's ./data/postgres, ./data/redis and ./data/minio into the optimized topology's", async () => {
    const load = async (file: string) => {
      const loaded = await loadTopology({ file, env: TEST_SECRETS });
      if (!loaded.ok) throw new Error(`${file} did not load`);
      return loaded.topology;
    };
    const [original, optimized] = [await load(SHIPPED.original), await load(SHIPPED.optimized)];
    const { pairs } = proposeCorrespondence({ from: original, to: optimized });
    expect(pairs.filter((p) => p.kind !== null).map((p) => [p.from, p.to, p.kind])).toEqual([
      ["bind:data/postgres", "bind:data/postgres", "postgres"],
      ["bind:data/redis", "bind:data/redis", "redis"],
      ["bind:data/minio", "bind:data/minio", "minio"],
    ]);
  });
});

describe("the plan of a migration", () => {
  it("lists every step, the rollback's steps and the checks B gets, all pending", () => {
    const plan = planMigration({
      from: { name: "a", project: "mig-a" },
      to: { name: "b", project: "mig-b" },
      correspondence: proposeCorrespondence({ from: A, to: B }),
      toHasLoadBalancer: true,
      fromHasLoadBalancer: false,
      environment: null,
      strategy: "phased",
    });
    expect(plan.steps.map((s) => s.key)).toEqual([...FORWARD_STEPS]);
    expect(plan.rollback.map((s) => s.key)).toEqual([...ROLLBACK_STEPS]);
    expect([...plan.steps, ...plan.rollback].every((s) => s.state === "pending")).toBe(true);
    expect(plan.plannedChecks).toEqual(["services-healthy", "postgres-rows", "minio-objects", "latency"]);
    expect(plan.steps[3]?.title).toContain("pg-data → postgres-store");
    expect(plan.rollback[3]?.title).not.toContain("latency");
  });

  it("checks postgres and minio only when they are carried", () => {
    const plan = planMigration({
      from: { name: "a", project: "mig-a" },
      to: { name: "b", project: "mig-b" },
      correspondence: { pairs: [], notCarried: [] },
      toHasLoadBalancer: false,
      fromHasLoadBalancer: false,
      environment: null,
      strategy: "dag",
    });
    expect(plan.plannedChecks).toEqual(["services-healthy"]);
  });
});

import { describe, expect, it } from "vitest";
import type { NamedVolume, Service } from "@/lib/compose/types";
import { fixtureService, fixtureTopology } from "@/test/fixtures/fixture-topology";
import { correspondenceOfMapping, dataKindOf, proposeCorrespondence } from "./correspondence";
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

// A: postgres under "db" on pg-data, minio on blobs, a node volume; B: the same roles under other names.
const A = fixtureTopology({
  project: "mig-a",
  services: [
    mounting("db", "ollamamax-local/postgres:15", [["pg-data", "/var/lib/postgresql/data"]]),
    mounting("minio", "minio/minio", [["blobs", "/data"]]),
    mounting("ollama-node-1", "node", [["node-1-data", "/app/data"]]),
    fixtureService({
      name: "redis",
      image: "redis:7",
      volumes: [{ type: "bind", source: "./data/redis", target: "/data", readOnly: false }],
    }),
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
    // redis keeps its data in a bind folder: shown as not carried, with the reason.
    expect(notCarried).toEqual([expect.objectContaining({ from: "./data/redis", service: "redis" })]);
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
      "B has no corresponding volume",
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
      "./data/redis",
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
    expect(!bad.ok && bad.problems[0]?.message).toContain('B has no named volume "nope"');
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

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fixtureService, fixtureTopology } from "@/test/fixtures/fixture-topology";
import { classifyBindMounts, dataFoldersOf, folderCandidatesOf } from "./data-folders";
import { loadTopology } from "./index";
import { SHIPPED, TEST_SECRETS } from "./test-support";
import type { VolumeMount } from "./types";

describe("dataFoldersOf", async () => {
  it("counts the optimized file's ./data folders and none of its config-file mounts", async () => {
    const loaded = await loadTopology({ file: SHIPPED.optimized, env: TEST_SECRETS });
    if (!loaded.ok) throw new Error("load failed");
    expect((await dataFoldersOf(loaded.topology)).map((f) => [f.service, f.relativePath, f.key])).toEqual([
      ["postgres", "data/postgres", "bind:data/postgres"],
      ["redis", "data/redis", "bind:data/redis"],
      ["minio", "data/minio", "bind:data/minio"],
    ]);
    const configMounts = loaded.topology.services.flatMap((s) =>
      s.volumes.filter((m) => m.type === "bind" && !m.source.includes("/data/")),
    );
    expect(configMounts.length).toBeGreaterThan(0);
  });
});

describe("classifyBindMounts", () => {
  const root = mkdtempSync(join(tmpdir(), "data-folders-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const dir = join(root, "topology");
  const outside = join(root, "outside");
  for (const folder of [dir, outside, join(dir, "data", "postgres"), join(dir, "conf")])
    mkdirSync(folder, { recursive: true });
  writeFileSync(join(dir, "app.log"), "");
  symlinkSync(outside, join(dir, "data", "escape"));
  symlinkSync(dir, join(dir, "data", "self"));
  execFileSync("mkfifo", [join(dir, "data", "pipe")]);
  const bind = (source: string, target: string, readOnly = false, createHostPath?: boolean): VolumeMount => ({
    type: "bind",
    source,
    target,
    readOnly,
    ...(createHostPath === undefined ? {} : { options: { createHostPath } }),
  });
  const topology = fixtureTopology({
    project: "folders",
    dir,
    services: [
      fixtureService({
        name: "db",
        volumes: [
          bind(join(dir, "data", "postgres"), "/var/lib/postgresql/data"),
          bind(join(dir, "data", "minio"), "/minio"),
          bind(join(dir, "data", "later.db"), "/later.db"),
          bind(join(dir, "conf"), "/etc/conf", true),
          bind(join(dir, "app.log"), "/var/log/app.log"),
          bind(join(dir, "data", "escape"), "/escape"),
          bind(join(dir, "data", "self"), "/self"),
          bind(join(dir, "data", "pipe"), "/pipe"),
          bind(dir, "/workspace"),
          bind("/var/run/docker.sock", "/var/run/docker.sock"),
          bind("/proc", "/host-proc"),
          bind(join(dir, "data", "strict"), "/strict", false, false),
        ],
      }),
    ],
  });

  it("keeps read-write folders under the topology's folder (existing or not) and says why of every other bind", async () => {
    const { folders, others } = await classifyBindMounts(topology);
    expect(folders.map((f) => [f.key, f.exists, f.realPath])).toEqual([
      ["bind:data/postgres", true, join(realpathSync(dir), "data", "postgres")],
      ["bind:data/minio", false, join(realpathSync(dir), "data", "minio")],
    ]);
    expect(Object.fromEntries(others.map((o) => [o.target, o.why]))).toEqual({
      "/later.db": "a file that does not exist yet (its name has a dot)",
      "/etc/conf": "mounted read-only (configuration, not data a service writes)",
      "/var/log/app.log": "a file, not a folder",
      "/escape": expect.stringContaining("a symbolic link out of it"),
      "/self": expect.stringContaining("not under the topology's folder"),
      "/pipe": "neither a file nor a folder (a socket, FIFO or device)",
      "/workspace": "the topology's folder itself (its files, not a service's data)",
      "/var/run/docker.sock": "outside the topology's folder",
      "/host-proc": "outside the topology's folder",
      "/strict": expect.stringContaining("create_host_path: false"),
    });
  });

  it("names the candidates from the file alone, before the host is asked", () => {
    expect(folderCandidatesOf(topology).map((c) => c.key)).toEqual([
      "bind:data/postgres",
      "bind:data/minio",
      "bind:data/later.db",
      "bind:app.log",
      "bind:data/escape",
      "bind:data/self",
      "bind:data/pipe",
    ]);
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { linksOutOf, readSnapshot, type SnapshotManifest } from "./snapshot-manifest";
import { snapshotFolderName } from "./snapshots";

const dir = mkdtempSync(path.join(tmpdir(), "snapshots-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const manifest: SnapshotManifest = {
  version: 1,
  id: "bak-1",
  topology: "t",
  project: "t",
  createdAt: "2026-12-07T06:45:12.345Z",
  completedAt: "2026-12-07T06:45:13.000Z",
  runId: null,
  consistency: "stopped",
  pausedContainers: [],
  totalBytes: 3,
  volumes: [],
  notCopied: [],
};
const folder = (name: string, files: Record<string, string>) => {
  const at = path.join(dir, name);
  mkdirSync(at);
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(at, file), text);
  return at;
};

describe("readSnapshot", () => {
  it("is complete only with a valid manifest and no INCOMPLETE marker", async () => {
    const good = folder("good", { "manifest.json": JSON.stringify(manifest) });
    expect(await readSnapshot(good)).toMatchObject({ complete: true, manifest: { id: "bak-1" } });
    const cut = folder("cut", { INCOMPLETE: "{}", "manifest.json": JSON.stringify(manifest) });
    expect(await readSnapshot(cut)).toMatchObject({
      complete: false,
      reason: expect.stringMatching(/interrupted/),
    });
    expect(await readSnapshot(folder("bare", {}))).toMatchObject({
      complete: false,
      reason: expect.stringMatching(/no manifest/),
    });
    const broken = folder("broken", {
      "manifest.json": JSON.stringify({ ...manifest, consistency: "maybe" }),
    });
    expect(await readSnapshot(broken)).toMatchObject({
      complete: false,
      reason: expect.stringMatching(/unreadable/),
    });
    expect(await readSnapshot(path.join(dir, "gone"))).toMatchObject({
      complete: false,
      reason: expect.stringMatching(/gone/),
    });
  });

  it("reads a manifest written before data folders were copied: every entry a volume, nothing listed as not copied", async () => {
    const { notCopied: _, ...older } = manifest;
    const volume = {
      name: "store",
      dockerName: "p_store",
      archive: "volumes/00-store.tar",
      archiveBytes: 10240,
      archiveSha256: "00",
      fileBytes: 3,
      files: [],
    };
    const read = await readSnapshot(
      folder("older", { "manifest.json": JSON.stringify({ ...older, volumes: [volume] }) }),
    );
    expect(read).toMatchObject({
      complete: true,
      manifest: { notCopied: [], volumes: [{ name: "store", kind: "volume" }] },
    });
  });

  it("names a folder by its UTC start and id, sortable and without colons", () => {
    expect(snapshotFolderName({ at: new Date("2026-12-07T06:45:12.345Z"), id: "bak-1" })).toBe(
      "2026-12-07T06-45-12Z_bak-1",
    );
  });
});

describe("linksOutOf", () => {
  const link = (path: string, target: string) => ({
    path,
    kind: "symlink" as const,
    sizeBytes: 0,
    sha256: null,
    linkTarget: target,
  });

  it("states the links that point out of the copied folder, not those that stay inside", () => {
    const entries = [
      link("data/escape", "/etc"),
      link("data/pg/up", "../../outside"),
      link("data/pg/version", "../PG_VERSION"),
      link("data/here", "pg/version"),
      { path: "data/file", kind: "file" as const, sizeBytes: 1, sha256: "ab", linkTarget: null },
    ];
    expect(linksOutOf({ key: "bind:data/postgres", entries })).toEqual([
      expect.objectContaining({
        source: "bind:data/postgres: escape",
        why: expect.stringContaining("to /etc"),
      }),
      expect.objectContaining({ source: "bind:data/postgres: pg/up" }),
    ]);
  });
});

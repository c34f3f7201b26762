import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readSnapshot, snapshotFolderName, type SnapshotManifest } from "./snapshots";

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

  it("names a folder by its UTC start and id, sortable and without colons", () => {
    expect(snapshotFolderName({ at: new Date("2026-12-07T06:45:12.345Z"), id: "bak-1" })).toBe(
      "2026-12-07T06-45-12Z_bak-1",
    );
  });
});

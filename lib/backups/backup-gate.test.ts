import { mkdirSync, mkdtempSync, realpathSync, renameSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { judgeRequestFact } from "@/lib/compose/policy-grants";
import { backupGate } from "./backup-gate";

const root = realpathSync(mkdtempSync(join(tmpdir(), "backup-gate-")));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const dir = join(root, "topology");
const granted = join(dir, "data", "postgres");
for (const folder of [granted, join(dir, "data", "redis"), join(root, "outside")])
  mkdirSync(folder, { recursive: true });

const gate = backupGate({
  project: "gated",
  dir,
  sources: [
    { kind: "folder", name: granted },
    { kind: "volume", name: "gated_store" },
  ],
  role: "operator",
});
const allowed = (source: string) =>
  judgeRequestFact({
    policy: gate.policy,
    fact: { service: "helper", key: "volumes", value: source, path: "HostConfig.Mounts[0]", line: null },
  }).allowed;
/** A helper binding `source` at /data, as volume-archive.ts creates it. */
const helperBinding = (source: string) =>
  gate.createContainer({
    Image: "busybox",
    HostConfig: { NetworkMode: "none", Mounts: [{ Type: "bind", Source: source, Target: "/data" }] },
  });

describe("the backup gate", () => {
  it("lets a helper bind exactly the granted data folder", () => {
    expect(allowed(granted)).toBe(true);
    expect(allowed(join(dir, "data", "..", "data", "postgres"))).toBe(true);
  });

  it("refuses any other host path, before a request is sent: its parent, a child, a sibling, /, the Docker socket", async () => {
    for (const source of [
      join(dir, "data"),
      join(granted, "base"),
      join(dir, "data", "redis"),
      dir,
      "/",
      "/var/run/docker.sock",
      "/var/run",
    ]) {
      expect(allowed(source), source).toBe(false);
      await expect(helperBinding(source), source).rejects.toMatchObject({
        code: "bad_request",
        message: expect.stringContaining("The Engine gate refused"),
      });
    }
  });

  it("refuses the granted path once a link out of the topology's folder replaced it", () => {
    const moved = join(root, "moved");
    renameSync(granted, moved);
    symlinkSync(join(root, "outside"), granted);
    try {
      expect(allowed(granted)).toBe(false);
    } finally {
      rmSync(granted);
      renameSync(moved, granted);
    }
    expect(allowed(granted)).toBe(true);
  });

  it("grants no folder at all to a gate of volumes only (the calibration's and the old helpers')", () => {
    const volumesOnly = backupGate({
      project: "gated",
      dir,
      sources: [{ kind: "volume", name: "gated_store" }],
      role: "operator",
    });
    expect(
      judgeRequestFact({
        policy: volumesOnly.policy,
        fact: { service: "helper", key: "volumes", value: granted, path: "HostConfig.Mounts[0]", line: null },
      }).allowed,
    ).toBe(false);
  });
});

// An admin's approval of a file outside a topology's folder, on a real panel database: the loads
// a deploy makes read it only while its real path and content hash match the approval; /proc and
// FIFOs are never approved. No engine is needed: the loads stop before anything reaches Docker.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { testActor } from "./fixtures/principal";
import {
  clusterSecrets,
  scratchDatabase,
  scratchFolder,
  scratchTopologies,
  topologyFolder,
} from "./fixtures/scratch-panel";

const scratch = scratchFolder("ollamamax-file-approval-");
scratchDatabase({ dir: scratch });
clusterSecrets({ dir: scratch });
scratchTopologies({ dir: scratch });
const name = "shared-env";
const outside = mkdtempSync(join(tmpdir(), "ollamamax-shared-"));
const shared = join(outside, "shared.env");
writeFileSync(shared, "SHARED_GREETING=approved-value\n");
execFileSync("mkfifo", [join(outside, "pipe.env")]);
afterAll(() => rmSync(outside, { recursive: true, force: true }));
topologyFolder({
  name,
  files: { "docker-compose.yml": `services:\n  app:\n    image: busybox\n    env_file: ${shared}\n` },
});
const admin = testActor({ username: "file-admin", role: "admin" });

describe("approving a file outside the topology's folder", () => {
  it("lets the loads read it while its real path and content match, and never a FIFO or /proc", async () => {
    // Imported here: lib/catalog reads PANEL_TOPOLOGIES_DIR when it loads.
    const { loadOrExplain } = await import("@/lib/operations/deploy-start");
    const { approveFileRead } = await import("@/lib/operations/policy");
    await expect(loadOrExplain({ name })).rejects.toThrow(
      /line 4: services\.app\.env_file: ".*" is not a file/,
    );
    await approveFileRead({ ...admin, topologyName: name, path: shared });
    const loaded = await loadOrExplain({ name });
    expect(loaded.topology.services[0]?.environment).toMatchObject({ SHARED_GREETING: "approved-value" });
    expect(loaded.readVariables).toContainEqual({ name: "SHARED_GREETING", value: "approved-value" });
    // Edited after the approval: refused again until an admin approves the new content.
    writeFileSync(shared, "SHARED_GREETING=changed\n");
    await expect(loadOrExplain({ name })).rejects.toThrow(/is not a file this topology may read/);
    for (const path of ["/proc/self/environ", join(outside, "pipe.env"), outside, "/dev/zero"])
      await expect(approveFileRead({ ...admin, topologyName: name, path })).rejects.toThrow(
        /cannot be approved: only a regular file/,
      );
  });
});

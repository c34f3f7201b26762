// "Run N times" is stored when it starts and after each deploy, so a panel restart finds it
// (reconcileAtBoot marks it interrupted; see deploy-recorder.int.test.ts).
import { afterAll, describe, expect, it } from "vitest";
import { dagRequest, purgeProject, uniqueProject } from "./fixtures/deploy-support";
import { testPrincipal } from "./fixtures/principal";
import {
  clusterSecrets,
  scratchDatabase,
  scratchFolder,
  scratchTopologies,
  topologyFolder,
} from "./fixtures/scratch-panel";

const project = uniqueProject();
const scratch = scratchFolder("deploytest-batch-");
scratchDatabase({ dir: scratch });
// Before the catalog loads (lib is imported inside the test): it reads its folder once.
scratchTopologies({ dir: scratch });
// The panel asks every deploy for the cluster's secrets (from its cluster env file); this topology uses none.
clusterSecrets({ dir: scratch });
topologyFolder({
  name: "quick",
  files: {
    "docker-compose.yml": `name: ${project}
services:
  web:
    image: ollamamax-test/busybox:latest
    command: ["httpd", "-f", "-p", "8080", "-h", "/www"]
    restart: unless-stopped
`,
  },
});
const principal = testPrincipal({ username: "batcher", role: "operator" });

afterAll(() => purgeProject(project));

describe("run N times", () => {
  it("is stored as running with its plan and owner, then done with every deploy counted", async () => {
    // Imported after PANEL_TOPOLOGIES_DIR is set: the catalog reads it when it loads.
    const { startBatch } = await import("@/lib/operations/batch");
    const { getPrisma } = await import("@/lib/db/client");
    const { currentOwnerId } = await import("@/lib/recording");
    const request = dagRequest({ topology: "quick" });
    const { batchId } = await startBatch({ principal, address: null, request, times: 2 });
    const stored = await getPrisma().batch.findUniqueOrThrow({ where: { id: batchId } });
    expect(stored).toMatchObject({ times: 2, status: "running", by: "batcher", ownerId: currentOwnerId() });
    expect(JSON.parse(stored.request)).toMatchObject({ topology: "quick", strategy: "dag" });
    const deadline = Date.now() + 120_000;
    let batch = stored;
    while (batch.status === "running" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      batch = await getPrisma().batch.findUniqueOrThrow({ where: { id: batchId } });
    }
    expect(batch).toMatchObject({ status: "done", completed: 2 });
  });
});

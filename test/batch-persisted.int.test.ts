// "Run N times" is stored when it starts and after each deploy, so a panel restart finds it
// (reconcileAtBoot marks it interrupted; see deploy-recorder.int.test.ts).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purgeProject, uniqueProject } from "./fixtures/deploy-support";
import { testPrincipal } from "./fixtures/principal";

const project = uniqueProject();
const scratch = mkdtempSync(join(tmpdir(), "deploytest-batch-"));
process.env.DATABASE_URL = `file:${join(scratch, "runs.db")}`;
process.env.PANEL_TOPOLOGIES_DIR = join(scratch, "topologies");
// The panel asks every deploy for the cluster's secrets (from its cluster env file); this topology uses none.
process.env.PANEL_CLUSTER_ENV = join(scratch, "cluster.env");
writeFileSync(
  process.env.PANEL_CLUSTER_ENV,
  ["JWT_SECRET", "MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD", "DB_PASSWORD", "GRAFANA_PASSWORD"]
    .map((name) => `${name}=batch-test-${name.toLowerCase()}-0123456789abcdef0123456789abcdef`)
    .join("\n"),
);
mkdirSync(join(scratch, "topologies", "quick"), { recursive: true });
writeFileSync(
  join(scratch, "topologies", "quick", "docker-compose.yml"),
  `name: ${project}
services:
  web:
    image: ollamamax-test/busybox:latest
    command: ["httpd", "-f", "-p", "8080", "-h", "/www"]
    restart: unless-stopped
`,
);
const principal = testPrincipal({ username: "batcher", role: "operator" });

beforeAll(() => {
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env }, stdio: "pipe" });
});
afterAll(async () => {
  await purgeProject(project);
});

describe("run N times", () => {
  it("is stored as running with its plan and owner, then done with every deploy counted", async () => {
    // Imported after PANEL_TOPOLOGIES_DIR is set: the catalog reads it when it loads.
    const { startBatch } = await import("@/lib/operations/batch");
    const { getPrisma } = await import("@/lib/db/client");
    const { currentOwnerId } = await import("@/lib/recording");
    const request = {
      topology: "quick",
      strategy: "dag" as const,
      tuning: {},
      health: {},
      fit: "none" as const,
      freshData: false,
      keepOnFailure: false,
    };
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
    await getPrisma().$disconnect();
  });
});

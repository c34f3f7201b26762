// The resource history on the real engine: a running container of a panel cluster (its Compose
// project and the panel's managed label) is recorded through the stats hub into the database,
// and the recorder lets go of the project when its last container stops.
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { migrateScratchSqlite } from "./fixtures/scratch-sqlite";
import { purgeProject } from "./fixtures/deploy-support";

const DB = vi.hoisted(() => {
  const file = `/tmp/ollamamax-stats-history-int-${process.pid}/panel.db`;
  process.env.DATABASE_URL = `file:${file}`;
  return file;
});
migrateScratchSqlite(DB);

const { getDocker } = await import("@/lib/docker/client");
const { LABEL } = await import("@/lib/docker/labels");
const { getPrisma } = await import("@/lib/db/client");
const { createStatsHistoryRecorder } = await import("@/lib/recording/stats-history");

const IMAGE = "ollamamax-test/busybox:latest";
const PROJECT = `histtest-${process.pid}`;
const docker = getDocker();

const waitFor = async (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

describe("resource history recorder", () => {
  const recorder = createStatsHistoryRecorder({ periodMs: 1000, maintenanceMs: 60_000 });
  afterAll(async () => {
    recorder.stop();
    await purgeProject(PROJECT);
    await getPrisma().$disconnect();
    (await import("node:fs")).rmSync(path.dirname(DB), { recursive: true, force: true });
  });

  it("records a running fixture container every period, and stops with it", async () => {
    await docker.createNetwork({ Name: `${PROJECT}-net`, Labels: { [LABEL.project]: PROJECT } });
    const container = await docker.createContainer({
      name: `${PROJECT}-burn-1`,
      Image: IMAGE,
      Cmd: ["sh", "-c", "yes > /dev/null"],
      Labels: { [LABEL.project]: PROJECT, [LABEL.service]: "burn", [LABEL.managed]: "true" },
      HostConfig: { NanoCpus: 250_000_000, Memory: 32 * 2 ** 20, NetworkMode: `${PROJECT}-net` },
    });
    await container.start();
    await waitFor("the recorder to watch the project", () => recorder.projects().includes(PROJECT));
    const rows = () =>
      getPrisma().containerStatSample.findMany({ where: { project: PROJECT }, orderBy: { t: "asc" } });
    await waitFor("4 stored samples", async () => (await rows()).length >= 4);
    const stored = await rows();
    expect(stored[0]).toMatchObject({ service: "burn", container: `${PROJECT}-burn-1`, resolutionS: 10 });
    expect(stored.at(-1)!.memoryLimitBytes).toBe(32 * 2 ** 20);
    // The capped loop burns about 25 % of a core: a reading of it, not zeros.
    expect(Math.max(...stored.map((r) => r.cpuPercent))).toBeGreaterThan(5);
    // One row per container per period: the timestamps are a period or more apart.
    const gaps = stored.slice(1).map((r, i) => r.t - stored[i]!.t);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(500);

    await container.stop({ t: 0 });
    await waitFor("the recorder to let the project go", () => !recorder.projects().includes(PROJECT));
  });
});

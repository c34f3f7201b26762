// The resource history of an added environment, on the real engine reached as an environment an
// admin adds (tcp:// to a loopback proxy of the test engine's socket): from the moment it is added
// its clusters are recorded with the environment's id, the history API reads them by its name and
// keeps them apart from the panel's own engine's, and once it is removed it is no longer recorded.
import { afterAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db/client";
import { getLocalDocker } from "@/lib/docker/client";
import { LABEL } from "@/lib/docker/labels";
import { addEnvironment, removeEnvironment } from "@/lib/operations/environments";
import { recordedEnvironments, stopStatsHistory } from "@/lib/recording";
import { statsHistoryView } from "@/lib/runs/stats-history-view";
import { purgeProject } from "./fixtures/deploy-support";
import { engineProxy } from "./fixtures/engine-proxy";
import { testActor } from "./fixtures/principal";
import { scratchDatabase, scratchFolder } from "./fixtures/scratch-panel";

scratchDatabase({ dir: scratchFolder("history-env-db-") });
const admin = testActor({ username: "history-env-admin", role: "admin" });
const IMAGE = "ollamamax-test/busybox:latest";
const PROJECT = `histenv-${process.pid}`;
const proxy = engineProxy();

const until = async (what: string, check: () => boolean | Promise<boolean>, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
};

afterAll(async () => {
  for (const id of recordedEnvironments()) if (id) stopStatsHistory(id);
  await purgeProject(PROJECT);
  await proxy.close().catch(() => undefined);
});

describe("the resource history of an added environment", () => {
  it("records its clusters under its id from when it is added until it is removed", async () => {
    const port = await proxy.start();
    const { environment } = await addEnvironment({
      ...admin,
      request: { name: "history-env", url: `tcp://127.0.0.1:${port}` },
    });
    expect(recordedEnvironments()).toContain(environment.id);

    // A cluster of the panel's (its project and managed labels) running on that engine.
    const docker = getLocalDocker();
    const container = await docker.createContainer({
      name: `${PROJECT}-burn-1`,
      Image: IMAGE,
      Cmd: ["sh", "-c", "yes > /dev/null"],
      Labels: { [LABEL.project]: PROJECT, [LABEL.service]: "burn", [LABEL.managed]: "true" },
      HostConfig: { NanoCpus: 250_000_000, Memory: 32 * 2 ** 20 },
    });
    await container.start();
    const rows = () => getPrisma().containerStatSample.findMany({ where: { project: PROJECT } });
    // The recorder writes every 10 s: two ticks and a margin for a slow engine's first reading.
    await until("two stored samples of the environment", async () => (await rows()).length >= 2, 40_000);
    const stored = await rows();
    expect(new Set(stored.map((r) => r.environment))).toEqual(new Set([environment.id]));
    expect(stored[0]).toMatchObject({ service: "burn", container: `${PROJECT}-burn-1`, resolutionS: 10 });

    const range = { project: PROJECT, fromMs: Date.now() - 3600_000, toMs: Date.now() + 60_000 };
    const onEnvironment = await statsHistoryView({ ...range, environment: environment.id });
    expect(onEnvironment.series.map((s) => s.container)).toEqual([`${PROJECT}-burn-1`]);
    // The panel's own engine recorded nothing of it in this database: its history is empty.
    expect((await statsHistoryView({ ...range, environment: null })).series).toEqual([]);

    // Removed while the container still runs (the panel stored no run there, so it may be): no
    // longer recorded, and no row is written after — over more than a recorder's period.
    await removeEnvironment({ ...admin, environment: environment.id });
    expect(recordedEnvironments()).not.toContain(environment.id);
    const kept = (await rows()).length;
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    expect((await rows()).length).toBe(kept);
    await container.remove({ force: true });
  }, 90_000);
});

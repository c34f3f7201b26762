// Data state against the real engine: a fixture with a named volume, a data folder and a config-file
// mount. After "start from empty data" the stored run is cold; the next run (data kept) is warm.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Topology } from "@/lib/compose/types";
import { getPrisma } from "@/lib/db/client";
import { startTeardown } from "@/lib/deploy";
import { assessDataState } from "@/lib/deploy/data-state";
import { startFromEmptyData } from "@/lib/operations/fresh-data";
import { purgeProject, uniqueProject } from "./fixtures/deploy-support";
import { fixtureService, fixtureTopology, HTTPD } from "./fixtures/fixture-topology";
import { testActor } from "./fixtures/principal";
import { runJournal, scratchDatabase, scratchFolder } from "./fixtures/scratch-panel";
import { startApprovedDeploy } from "./fixtures/approved-deploy";

const project = uniqueProject();
// The topology's folder, with the panel's database beside its data.
const dir = scratchFolder("deploytest-data-");
scratchDatabase({ dir });
const journal = runJournal();
const actor = testActor({ username: "tester" });

const topology: Topology = fixtureTopology({
  project,
  dir,
  volumes: [{ name: "cache", dockerName: `${project}_cache`, driver: "local", external: false }],
  services: [
    fixtureService({
      name: "db",
      // Writes into both data holders, as a database initialising its files would.
      command: ["sh", "-c", `touch /data/seed /cache/seed && exec ${HTTPD.join(" ")}`],
      volumes: [
        { type: "bind", source: join(dir, "data", "db"), target: "/data", readOnly: false },
        { type: "bind", source: join(dir, "db.conf"), target: "/etc/db.conf", readOnly: true },
        { type: "volume", source: "cache", target: "/cache", readOnly: false },
      ],
    }),
  ],
});

/** One deploy as requestDeploy makes it (data assessed before, conditions given), then teardown. */
const deployOnce = async ({ freshData }: { freshData: boolean }) => {
  if (freshData) await startFromEmptyData({ ...actor, topology });
  const { dataState, data } = await assessDataState({ topology });
  const result = await startApprovedDeploy({
    topology,
    strategy: "dag",
    awaitDockerHealth: false,
    followLogs: false,
    settings: { topology: "data-fixture" },
    conditions: { fitMode: "clamp", fitChanges: [], freshData, dataState, data },
  }).done;
  await journal().done(result.runId);
  return result;
};

beforeAll(() => {
  writeFileSync(join(dir, "db.conf"), "setting=1\n");
  // Leftover data from "an earlier deploy", which start-from-empty must remove.
  mkdirSync(join(dir, "data", "db"), { recursive: true });
  writeFileSync(join(dir, "data", "db", "old-table"), "x");
});

afterAll(() => purgeProject(project));

describe("data state", () => {
  it("tells data folders from config mounts: only the volume and ./data/db are data", async () => {
    const { data } = await assessDataState({ topology });
    expect(data.map((d) => [d.kind, d.name])).toEqual([
      ["volume", `${project}_cache`],
      ["folder", "data/db"],
    ]);
    expect(data.find((d) => d.kind === "folder")?.state).toBe("warm");
  });

  it("stores cold after start from empty data, warm on the next run, and refuses to clear a deployed project", async () => {
    const cold = await deployOnce({ freshData: true });
    expect(cold.status).toBe("healthy");
    await expect(startFromEmptyData({ ...actor, topology })).rejects.toMatchObject({ code: "conflict" });
    await startTeardown({ project, stopTimeoutSeconds: 0 }).done;

    const warm = await deployOnce({ freshData: false });
    expect(warm.status).toBe("healthy");
    await startTeardown({ project, stopTimeoutSeconds: 0 }).done;

    const stored = await getPrisma().run.findMany({
      where: { id: { in: [cold.runId, warm.runId] } },
      select: { id: true, dataState: true, dataItems: true, fitMode: true, imageIds: true },
    });
    const byId = new Map(stored.map((r) => [r.id, r]));
    expect(byId.get(cold.runId)?.dataState).toBe("cold");
    expect(byId.get(warm.runId)?.dataState).toBe("warm");
    const items = JSON.parse(byId.get(warm.runId)?.dataItems ?? "[]") as { name: string; state: string }[];
    expect(items.map((i) => [i.name, i.state])).toEqual([
      [`${project}_cache`, "warm"],
      ["data/db", "warm"],
    ]);
    expect(byId.get(cold.runId)?.fitMode).toBe("clamp");
    expect(JSON.parse(byId.get(cold.runId)?.imageIds ?? "{}")).toMatchObject({
      "ollamamax-test/busybox:latest": expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
    const audit = await getPrisma().auditEvent.findFirst({
      where: { action: "data.clear", target: project },
    });
    expect(JSON.parse(audit?.detail ?? "{}")).toEqual({
      volumes: [`${project}_cache`],
      folders: ["data/db"],
    });
  });
});

// The /api/v1 backup routes on the real engine, answers checked against the OpenAPI document:
// a backup taken, listed with its files' sha256, restored after confirming, deleted by an admin;
// bad input answers 400 naming the field (404 for an unknown thing), roles are enforced, and a
// refusal writes nothing. test/backups.int.test.ts covers the byte-for-byte restore and crashes.
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dockerOptions } from "@/lib/docker/client";
import { apiClient, as, dataOf, expectRefused, setUpApiPanel } from "./fixtures/api-v1-panel";
import { TEST_IMAGE } from "./fixtures/fixture-topology";
import { topologyFolder } from "./fixtures/scratch-panel";

setUpApiPanel();
const topology = `bkapi-${process.pid}${Math.random().toString(36).slice(2, 5)}`;
process.env.PANEL_BACKUPS_DIR = `/tmp/${topology}-backups`;
topologyFolder({
  name: topology,
  files: {
    "docker-compose.yml": `name: ${topology}
services:
  db:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    volumes: ["data:/var/lib/data"]
volumes:
  data: {}
`,
  },
});
const docker = new Docker(dockerOptions(process.env.DOCKER_HOST));
const volume = `${topology}_data`;

beforeAll(async () => {
  await docker.createVolume({ Name: volume, Labels: { "com.docker.compose.project": topology } });
  const filler = await docker.createContainer({
    Image: TEST_IMAGE,
    Cmd: ["sh", "-c", "echo hello > /data/greeting"],
    HostConfig: { Mounts: [{ Type: "volume", Source: volume, Target: "/data" }], NetworkMode: "none" },
  });
  await filler.start();
  await filler.wait();
  await filler.remove({ force: true });
});

afterAll(async () => {
  const { rmSync } = await import("node:fs");
  rmSync(process.env.PANEL_BACKUPS_DIR ?? "", { recursive: true, force: true });
  await docker
    .getVolume(volume)
    .remove({ force: true })
    .catch(() => undefined);
});

type Listed = {
  id: string;
  state: string;
  complete: boolean;
  volumes: { files: { path: string; sha256: string }[] }[];
};

describe("/api/v1 backups", () => {
  let id = "";

  it("refuses bad input naming the field, and unknown things with 404", async () => {
    const start = (body: unknown, name = topology) => ({
      method: "POST" as const,
      path: `/api/v1/topologies/${name}/backups`,
      body,
    });
    await expectRefused("operator", start({ pause: "yes" }), "pause");
    await expectRefused("operator", start({ colour: "red" }), "colour");
    await expectRefused("operator", start({}, "no-such-topology"), null, 404);
    await expectRefused("viewer", start({}), null, 403);
    await expectRefused("viewer", { method: "GET", path: "/api/v1/backups?colour=red" }, "colour");
    await expectRefused(
      "operator",
      { method: "POST", path: "/api/v1/backups/bak-nope/restore", body: { confirm: true } },
      null,
      404,
    );
    await expectRefused(
      "operator",
      { method: "POST", path: "/api/v1/backups/bak-nope/restore", body: { mapping: [1] } },
      "mapping",
    );
    await expectRefused("admin", { method: "DELETE", path: "/api/v1/backups/bak-nope" }, null, 404);
    expect(
      dataOf<unknown[]>(await as("viewer", { method: "GET", path: `/api/v1/backups?topology=${topology}` })),
    ).toEqual([]);
  });

  it("takes a backup (202), lists it with its files' sha256, restores it once confirmed, deletes it as admin", async () => {
    const started = await as("operator", {
      method: "POST",
      path: `/api/v1/topologies/${topology}/backups`,
      body: {},
    });
    expect(started.status).toBe(202);
    id = dataOf<{ id: string }>(started).id;
    let listed: Listed | undefined;
    for (let i = 0; i < 200; i++) {
      listed = dataOf<Listed[]>(
        await as("viewer", { method: "GET", path: `/api/v1/backups?topology=${topology}` }),
      )[0];
      if (listed?.state !== "running") break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(listed).toMatchObject({ id, state: "complete", complete: true, notCopied: [] });
    expect(listed?.volumes[0]).toMatchObject({ name: "data", kind: "volume" });
    expect(listed?.volumes[0]?.files).toEqual([
      {
        path: "data/greeting",
        sizeBytes: 6,
        sha256: "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03",
      },
    ]);
    const restore = (body: unknown) => ({
      method: "POST" as const,
      path: `/api/v1/backups/${id}/restore`,
      body,
    });
    await expectRefused("operator", restore({}), "confirm");
    await expectRefused("operator", restore({ mapping: { data: "elsewhere" }, confirm: true }), "mapping");
    await expectRefused("viewer", restore({ confirm: true }), null, 403);
    const restored = await as("operator", restore({ confirm: true }));
    expect(restored.status).toBe(200);
    expect(dataOf<{ mapping: unknown[] }>(restored).mapping).toEqual([
      { from: "data", to: volume, kind: "volume" },
    ]);
    await expectRefused("operator", { method: "DELETE", path: `/api/v1/backups/${id}` }, null, 403);
    const deleted = await as("admin", { method: "DELETE", path: `/api/v1/backups/${id}` });
    expect(dataOf<{ deleted: boolean }>(deleted).deleted).toBe(true);
    expect(
      dataOf<unknown[]>(await as("viewer", { method: "GET", path: `/api/v1/backups?topology=${topology}` })),
    ).toEqual([]);
  }, 60_000);

  it("has checked a success answer of every backup route", () => {
    expect(
      apiClient()
        .uncovered("success")
        .filter((route) => route.includes("backups")),
    ).toEqual([]);
  });
});
